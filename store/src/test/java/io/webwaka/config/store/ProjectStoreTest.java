package io.webwaka.config.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.webwaka.config.store.testing.StoreKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Projects and environments, each write with its audit event in the same transaction. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class ProjectStoreTest extends StoreFixture {

    ProjectStoreTest(StoreKind kind) {
        super(kind);
    }

    @Test
    void createProject_withEnvironments_storesProjectEnvironmentsAndAudit() {
        List<NewEnvironment> envs =
                List.of(new NewEnvironment("dev", "Dev", false), new NewEnvironment("prod", "Production", true));

        Project shop = store.createProject("shop", "Shop", envs, audit("project.create", "shop"));

        assertThat(shop.key()).isEqualTo("shop");
        assertThat(shop.headRevision()).isZero();
        assertThat(store.findProject("shop")).contains(shop);
        assertThat(store.environments(shop.id()))
                .extracting(Environment::key, Environment::name, Environment::isProtected, Environment::position)
                .containsExactly(tuple("dev", "Dev", false, 0), tuple("prod", "Production", true, 1));
        assertThat(store.audit(new AuditQuery("shop", "", "project.create", 0, 10)))
                .singleElement()
                .satisfies(a -> assertThat(a.revision()).isZero());
    }

    @Test
    void createProject_duplicateKey_throwsDuplicateKeyAndWritesNothing() {
        Project first = createProject("shop", "dev");

        assertThatThrownBy(() -> createProject("shop", "qa", "prod"))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessage("project 'shop' already exists");

        assertThat(store.listProjects()).containsExactly(first);
        assertThat(store.environments(first.id())).extracting(Environment::key).containsExactly("dev");
        assertThat(auditCount()).isEqualTo(1);
    }

    @Test
    void createProject_duplicateEnvironmentKey_throwsAndWritesNothing() {
        assertThatThrownBy(() -> createProject("shop", "dev", "dev")).isInstanceOf(DuplicateKeyException.class);

        assertThat(store.findProject("shop")).isEmpty();
        assertThat(auditCount()).isZero();
    }

    @Test
    void listProjects_several_ordersByKey() {
        createProject("zeta");
        createProject("alpha");
        createProject("mid");

        assertThat(store.listProjects()).extracting(Project::key).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void findProject_unknownKey_returnsEmpty() {
        assertThat(store.findProject("nope")).isEmpty();
    }

    @Test
    void createEnvironment_existingChain_appendsAtNextPosition() {
        Project shop = createProject("shop", "dev", "staging");

        Environment prod = store.createEnvironment(
                shop.id(), new NewEnvironment("prod", "Production", true), audit("env.create", "shop"));

        assertThat(prod.position()).isEqualTo(2);
        assertThat(prod.projectId()).isEqualTo(shop.id());
        assertThat(store.environments(shop.id()))
                .extracting(Environment::key)
                .containsExactly("dev", "staging", "prod");
        assertThat(store.environments(shop.id()).get(2)).isEqualTo(prod);
        assertThat(auditCount()).isEqualTo(2);
    }

    @Test
    void createEnvironment_projectWithoutEnvironments_startsAtZero() {
        Project shop = createProject("shop");

        Environment dev = store.createEnvironment(
                shop.id(), new NewEnvironment("dev", "Dev", false), audit("env.create", "shop"));

        assertThat(dev.position()).isZero();
        assertThat(store.environments(shop.id())).containsExactly(dev);
    }

    @Test
    void createEnvironment_duplicateKey_throwsDuplicateKeyAndWritesNothing() {
        Project shop = createProject("shop", "dev");

        assertThatThrownBy(() -> store.createEnvironment(
                        shop.id(), new NewEnvironment("dev", "Again", false), audit("env.create", "shop")))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessage("environment 'dev' already exists");

        assertThat(store.environments(shop.id())).extracting(Environment::name).containsExactly("DEV");
        assertThat(auditCount()).isEqualTo(1);
    }

    @Test
    void createEnvironment_keyUsedByAnotherProject_isAllowed() {
        createProject("shop", "dev");
        Project blog = createProject("blog");

        Environment dev = store.createEnvironment(
                blog.id(), new NewEnvironment("dev", "Dev", false), audit("env.create", "blog"));

        assertThat(store.environments(blog.id())).containsExactly(dev);
    }

    @Test
    void updateEnvironment_renameAndProtect_keepsIdAndPosition() {
        Project shop = createProject("shop", "dev", "stage");
        Environment stage = store.environments(shop.id()).get(1);
        Environment renamed = new Environment(stage.id(), shop.id(), "staging", "Staging", true, stage.position());

        Environment result = store.updateEnvironment(renamed, audit("env.update", "shop"));

        assertThat(result).isEqualTo(renamed);
        assertThat(store.environments(shop.id())).extracting(Environment::key).containsExactly("dev", "staging");
        assertThat(store.environments(shop.id()).get(1)).isEqualTo(renamed);
        assertThat(auditCount()).isEqualTo(2);
    }

    @Test
    void updateEnvironment_keyTakenInProject_throwsDuplicateKeyAndWritesNothing() {
        Project shop = createProject("shop", "dev", "prod");
        Environment prod = store.environments(shop.id()).get(1);
        Environment clash = new Environment(prod.id(), shop.id(), "dev", "Clash", false, prod.position());

        assertThatThrownBy(() -> store.updateEnvironment(clash, audit("env.update", "shop")))
                .isInstanceOf(DuplicateKeyException.class)
                .hasMessage("environment 'dev' already exists");

        assertThat(store.environments(shop.id())).extracting(Environment::key).containsExactly("dev", "prod");
        assertThat(auditCount()).isEqualTo(1);
    }
}
