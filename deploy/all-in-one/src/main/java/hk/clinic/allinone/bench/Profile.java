package hk.clinic.allinone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * JFR on a running service (jcmd of this JDK) and a summary of its execution samples: the methods most often
 * on top of the stack, and the deepest frame of our own code (hk.clinic) in each sample.
 */
final class Profile {

    private Profile() {
    }

    static void start(long pid, Path file) {
        Tools.run(List.of(jdkTool("jcmd"), String.valueOf(pid), "JFR.start", "name=bench", "settings=profile",
                "filename=" + file), Map.of());
    }

    static void stop(long pid) {
        Tools.run(List.of(jdkTool("jcmd"), String.valueOf(pid), "JFR.stop", "name=bench"), Map.of());
    }

    /**
     * Methods the JVM of {@code pid} has JIT-compiled since it started (HotSpot's {@code sun.ci.totalCompiles}
     * counter, read with {@code jcmd PerfCounter.print}), or -1 when it cannot be read (jcmd failed to attach, or
     * {@code -XX:-UsePerfData}): the count only informs the warm-up's log and notes, it must not end a bench run.
     */
    static long jitCompiles(long pid) {
        try {
            String text = Tools.run(List.of(jdkTool("jcmd"), String.valueOf(pid), "PerfCounter.print"), Map.of());
            for (String line : text.split("\n")) {
                if (line.startsWith("sun.ci.totalCompiles=")) {
                    return Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
                }
            }
        } catch (RuntimeException e) {
            Bench.log("booking's JIT compile count not read: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return -1;
    }

    /** Markdown lines: top frames by share of samples. */
    static List<String> summary(Path file, int top) {
        String text = Tools.run(List.of(jdkTool("jfr"), "print", "--events", "jdk.ExecutionSample", file.toString()), Map.of());
        Map<String, Integer> topFrames = new HashMap<>();
        Map<String, Integer> ourFrames = new HashMap<>();
        Map<String, Integer> onStack = new HashMap<>();
        int samples = 0;
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains("stackTrace = [")) {
                continue;
            }
            samples++;
            boolean first = true;
            boolean ours = false;
            java.util.Set<String> packages = new java.util.HashSet<>();
            for (int j = i + 1; j < lines.length && !lines[j].trim().startsWith("]"); j++) {
                String frame = lines[j].trim().replaceAll("\\s+line:.*$", "");
                if (frame.isEmpty() || frame.equals("...")) {
                    continue;
                }
                packages.add(library(frame));
                if (first) {
                    topFrames.merge(frame, 1, Integer::sum);
                    first = false;
                }
                if (!ours && frame.startsWith("hk.clinic.")) {
                    ourFrames.merge(frame, 1, Integer::sum);
                    ours = true;
                }
            }
            packages.forEach(p -> onStack.merge(p, 1, Integer::sum));
        }
        int total = Math.max(1, samples);
        List<String> out = new java.util.ArrayList<>();
        out.add(samples + " execution samples (JFR keeps the top 64 frames of a stack, so callers deep below, often our "
                + "own hk.clinic frames, are missing from long Hibernate or Vert.x stacks).");
        out.add("");
        out.add("| library anywhere on the stack (its callees included) | share of samples |");
        out.add("|---|---:|");
        out.addAll(topN(onStack, top, total));
        out.add("");
        out.add("| top of stack | share |");
        out.add("|---|---:|");
        out.addAll(topN(topFrames, top, total));
        out.add("");
        out.add("| first hk.clinic frame on the stack | share of all samples |");
        out.add("|---|---:|");
        out.addAll(topN(ourFrames, top, total));
        return out;
    }

    /** A frame's library: its first two package names, three under org.apache, io.* and com.fasterxml. */
    private static String library(String frame) {
        String[] parts = frame.split("\\.");
        int n = parts.length > 3 && (parts[0].equals("io") || (parts[0] + "." + parts[1]).matches("org\\.apache|com\\.fasterxml"))
                ? 3 : 2;
        return String.join(".", java.util.Arrays.copyOf(parts, Math.min(n, parts.length - 1)));
    }

    private static List<String> topN(Map<String, Integer> counts, int top, int total) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .map(e -> "| `" + e.getKey().replace("|", "/") + "` | " + String.format("%.1f %%", 100.0 * e.getValue() / total) + " |")
                .collect(Collectors.toList());
    }

    private static String jdkTool(String name) {
        Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));
        Path tool = java.resolveSibling(name);
        if (Files.isExecutable(tool)) {
            return tool.toString();
        }
        try {
            Path real = java.toRealPath().resolveSibling(name);
            return Files.isExecutable(real) ? real.toString() : name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
