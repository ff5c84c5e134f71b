package io.webwaka.config.server.config;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema 2020-12 through networknt json-schema-validator. The library speaks Jackson 3 while
 * the server speaks Jackson 2, so schemas and values cross as JSON text. Remote {@code $ref}s are
 * never fetched (a schema must not make the server call out), and patterns run on RE2/J, so no
 * schema can make a write take exponential time. Compiled schemas are cached by their
 * text (bounded, LRU). Thread-safe.
 */
final class JsonSchemas {
    private static final String META = "https://json-schema.org/draft/2020-12/schema";
    private static final int CACHE = 256;

    /** One violation: where in the instance (a JSON pointer), the keyword, the property it names, and why. */
    record Violation(String pointer, String keyword, String property, String message) {}

    /** {@code pattern} and {@code patternProperties} through RE2/J (linear time, unanchored like ECMA-262). */
    private static final RegularExpressionFactory RE2J = regex -> {
        com.google.re2j.Pattern p = com.google.re2j.Pattern.compile(regex);
        return value -> p.matcher(value).find();
    };

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            b -> b.schemaLoader(l -> l.fetchRemoteResources(false))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .regularExpressionFactory(RE2J)
                            .build()));
    private static final Map<String, Schema> COMPILED =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
                    return size() > CACHE;
                }
            });

    private JsonSchemas() {}

    /** Why a schema document is not a usable 2020-12 schema (pointers into the schema); empty if it is. */
    static List<Violation> schemaProblems(String schemaJson) {
        List<Violation> out = new ArrayList<>(
                convert(REGISTRY.getSchema(SchemaLocation.of(META)).validate(schemaJson, InputFormat.JSON)));
        if (out.isEmpty()) {
            try {
                compiled(schemaJson).validate("null", InputFormat.JSON);
            } catch (RuntimeException e) {
                out.add(new Violation("", "$ref", null, "the schema cannot be used: " + e.getMessage()));
            }
        }
        return out;
    }

    /** The violations of a value (JSON text) against a schema (JSON text); empty if it conforms. */
    static List<Violation> validate(String schemaJson, String valueJson) {
        try {
            return convert(compiled(schemaJson).validate(valueJson, InputFormat.JSON));
        } catch (RuntimeException e) {
            return List.of(new Violation("", "schema", null, "the schema cannot be applied: " + e.getMessage()));
        }
    }

    private static Schema compiled(String schemaJson) {
        Schema s = COMPILED.get(schemaJson);
        if (s == null) {
            s = REGISTRY.getSchema(schemaJson, InputFormat.JSON);
            s.initializeValidators();
            COMPILED.put(schemaJson, s);
        }
        return s;
    }

    private static List<Violation> convert(List<Error> errors) {
        List<Violation> out = new ArrayList<>();
        for (Error e : errors) {
            out.add(new Violation(pointer(e), e.getKeyword(), e.getProperty(), e.getMessage()));
        }
        return out;
    }

    /** The instance location as a JSON pointer ({@code ""} is the whole value). */
    private static String pointer(Error e) {
        StringBuilder sb = new StringBuilder();
        var path = e.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            String name = String.valueOf(element).replace("~", "~0").replace("/", "~1");
            sb.append('/').append(name);
        }
        return sb.toString();
    }
}
