package io.webwaka.config.server;

import io.webwaka.config.engine.flags.FlagCompiler;
import io.webwaka.config.engine.flags.Problem;
import io.webwaka.config.testkit.CaseDocuments;
import io.webwaka.config.testkit.ConformanceCase;
import java.util.List;
import java.util.Map;

/**
 * The documents a golden case needs on the server (the test kit's {@link CaseDocuments}: the flag,
 * the flags it requires and the segments their rules use), whether the engine accepts them, and
 * the change set that writes them.
 */
record ConformanceSetup(CaseDocuments docs) {

    ConformanceSetup(Map<String, Object> definitions, Map<String, Object> targeting, Map<String, Object> segments) {
        this(new CaseDocuments(definitions, targeting, segments));
    }

    static ConformanceSetup of(ConformanceCase c) {
        return new ConformanceSetup(CaseDocuments.of(c));
    }

    /** Whether the engine compiles these documents without problems (else the server must refuse them). */
    boolean valid() {
        return problems().isEmpty();
    }

    List<Problem> problems() {
        return FlagCompiler.compile(docs.definitions(), docs.targeting(), docs.segments())
                .problems();
    }

    boolean isEmpty() {
        return docs.isEmpty();
    }

    /** One change set writing everything: segments, then definitions, then targeting in {@code env}. */
    List<Map<String, Object>> ops(String env) {
        return docs.changeOps(env);
    }

    /** The same documents serialised, to share one project between cases with equal setups. */
    String fingerprint() {
        return TestServer.toJson(List.of(docs.definitions(), docs.targeting(), docs.segments()));
    }
}
