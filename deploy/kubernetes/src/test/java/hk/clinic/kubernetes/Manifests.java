package hk.clinic.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifests as ops apply them: each overlay rendered by {@code kubectl kustomize}. Without kubectl the
 * build says so once and works on the files themselves (base plus the overlay's own resources, patches not
 * applied), so every file is still validated.
 */
final class Manifests {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path ROOT = MODULE.resolve("../..").normalize();
    static final Path BASE = MODULE.resolve("base");
    static final Path OVERLAYS = MODULE.resolve("overlays");
    static final List<String> OVERLAY_NAMES = List.of("dev", "prod");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static volatile Boolean kubectlPresent;

    private Manifests() {
    }

    static boolean kubectlPresent() {
        if (kubectlPresent == null) {
            synchronized (Manifests.class) {
                if (kubectlPresent == null) {
                    boolean present;
                    try {
                        present = run(List.of(kubectl(), "version", "--client"), MODULE).exit == 0;
                    } catch (IOException e) {
                        present = false;
                    }
                    if (!present) {
                        System.out.println("kubectl not found: overlays not rendered; every file of base/ and overlays/ is validated on its own.");
                    }
                    kubectlPresent = present;
                }
            }
        }
        return kubectlPresent;
    }

    /** The objects of one overlay, rendered by kubectl kustomize (or, without kubectl, its files as they are). */
    static List<ObjectNode> overlay(String name) {
        return RENDERED.computeIfAbsent(name, n -> {
            Path dir = OVERLAYS.resolve(n);
            if (!kubectlPresent()) {
                List<ObjectNode> objects = new ArrayList<>();
                for (Path file : resourceFiles(BASE)) {
                    objects.addAll(parseFile(file));
                }
                for (Path file : resourceFiles(dir)) {
                    objects.addAll(parseFile(file));
                }
                return List.copyOf(objects);
            }
            try {
                Result r = run(List.of(kubectl(), "kustomize", dir.toString()), MODULE);
                if (r.exit != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + r.err);
                }
                return List.copyOf(parse(r.out));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Every YAML file under base/ and overlays/, kustomization files included. */
    static List<Path> yamlFiles() {
        List<Path> files = new ArrayList<>();
        files.addAll(filesUnder(BASE));
        files.addAll(filesUnder(OVERLAYS));
        return files;
    }

    /** The resource files of a directory tree: every YAML file but the kustomization files. */
    static List<Path> resourceFiles(Path dir) {
        return filesUnder(dir).stream().filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).toList();
    }

    static List<Path> filesUnder(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> parseFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new AssertionError("a YAML document that is not an object: " + node);
                }
                docs.add((ObjectNode) node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String id(JsonNode o) {
        return o.path("apiVersion").asText() + "/" + kind(o) + " " + name(o);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(kind(o)) && name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    private static String kubectl() {
        String env = System.getenv("KUBECTL");
        return env == null || env.isBlank() ? "kubectl" : env;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Path dir) throws IOException {
        Path out = Files.createTempFile("kubectl", ".out");
        Path err = Files.createTempFile("kubectl", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
