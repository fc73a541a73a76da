package hk.clinic.allinone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The external programs the harness drives (wrk, nginx, pgbench) and small file helpers. */
final class Tools {

    static final String INSTALL_HINT = "sudo apt-get install -y wrk nginx-light postgresql-client";

    private Tools() {
    }

    /** Exits with one clear line when a program the benchmark needs is not on the PATH. */
    static String require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String d : List.of(dir, "/usr/sbin")) {
                Path p = Path.of(d, program);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        System.err.println("bench: " + program + " is missing; install it with: " + INSTALL_HINT);
        System.exit(2);
        return null;
    }

    /**
     * A JDK 25 or newer for the start-up with an AOT cache: {@code -Dbench.aot-java=<path to bin/java>} ({@code none}
     * to skip), else the newest under /usr/lib/jvm whose {@code release} file says 25 or more.
     */
    static Optional<String> aotCapableJava() {
        String configured = System.getProperty("bench.aot-java", "").trim();
        if (configured.equals("none")) {
            return Optional.empty();
        }
        if (!configured.isEmpty()) {
            return Optional.of(configured);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .map(h -> Map.entry(h, featureVersion(h))).filter(e -> e.getValue() >= 25)
                    .max(Map.Entry.comparingByValue()).map(e -> e.getKey().resolve("bin/java").toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version in a JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"} is 25); 0 if unreadable. */
    private static int featureVersion(Path javaHome) {
        try (Stream<String> lines = Files.lines(javaHome.resolve("release"))) {
            return lines.filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
                    .map(l -> Runtime.Version.parse(l.substring("JAVA_VERSION=".length()).replace("\"", "")).feature())
                    .orElse(0);
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** Runs a command to its end and returns its output (stdout and stderr); fails on a non-zero exit. */
    static String run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + rc + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) {
        try (var in = Tools.class.getResourceAsStream("/bench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VmRSS of a process in MiB, from /proc (Linux). */
    static double rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Double.NaN;
    }

    /**
     * CPU seconds a process used so far from /proc/<pid>/stat: its own (utime + stime) and, with
     * {@code withReapedChildren}, that of its children it has already waited for (cutime + cstime).
     */
    static double cpuSeconds(long pid, boolean own, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = 0;
            if (own) {
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            }
            if (withReapedChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The postmaster whose command line names the given data directory, if it runs. */
    static long postmasterPid(Path dataDir) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+"))
                    .mapToLong(Long::parseLong)
                    .filter(pid -> {
                        String c = cmdline(pid);
                        return c.contains("postgres") && c.contains(dataDir.toString()) && !c.contains("java");
                    })
                    .min().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The child JVM of a service, found by the HTTP port on its command line. */
    static long servicePid(int port) {
        return ProcessHandle.current().descendants()
                .filter(h -> cmdline(h.pid()).contains("-Dquarkus.http.port=" + port + " "))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("No service process listens on port " + port));
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The jiffies of all CPUs so far, from the first line of /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal, ... */
    private static long[] procStatJiffies() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] jiffies = new long[f.length - 1];
        for (int i = 1; i < f.length; i++) {
            jiffies[i - 1] = Long.parseLong(f[i]);
        }
        return jiffies;
    }

    /** Busy (anything but idle and iowait, steal included) and total jiffies of all CPUs so far. */
    private static long[] cpuJiffies() throws IOException {
        long[] j = procStatJiffies();
        long total = Arrays.stream(j).sum();
        return new long[] {total - j[3] - j[4], total};
    }

    /**
     * CPU seconds that every process on the machine used so far: user, nice, system, irq and softirq; not idle,
     * iowait or steal (the time the hypervisor gave to others).
     */
    static double machineCpuSeconds() {
        try {
            long[] j = procStatJiffies();
            return (j[0] + j[1] + j[2] + j[5] + j[6]) / 100.0; // USER_HZ
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Below this share of busy CPU the machine counts as quiet: what a counted run starts on. */
    static final double QUIET_SHARE = 0.15;

    /** Waits, up to 3 minutes, until the machine is quiet before a counted run; see below. */
    static double awaitQuiet() throws IOException, InterruptedException {
        return awaitQuiet(QUIET_SHARE, Duration.ofMinutes(3));
    }

    /**
     * Waits until the machine is quiet: three consecutive seconds with the CPUs less than {@code busyShare} busy
     * (after a load the database is still vacuuming and checkpointing, and a start measured then measures that).
     * Returns the share of the last second, or of the last second before {@code atMost} ran out.
     */
    static double awaitQuiet(double busyShare, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        int quietSeconds = 0;
        double share = 1;
        long[] before = cpuJiffies();
        while (quietSeconds < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long[] after = cpuJiffies();
            share = after[1] == before[1] ? 0 : (double) (after[0] - before[0]) / (after[1] - before[1]);
            quietSeconds = share < busyShare ? quietSeconds + 1 : 0;
            before = after;
        }
        return share;
    }
}
