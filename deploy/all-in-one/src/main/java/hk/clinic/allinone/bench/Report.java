package hk.clinic.allinone.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what the run measured and writes report.md, report.json and one PNG per service/limit pair. */
final class Report {

    /** {@code load}: what drove both runs, e.g. "32 conns" (closed loop) or "40/s" (a fixed arrival rate). */
    record Pair(String workload, String figure, String load, String serviceName, String limitName, Measurement service,
                Measurement limit, Map<String, Double> serviceCpu, Map<String, Double> limitCpu) {
    }

    /** Where one service figure's time goes: named parts, each with its own distribution. */
    record Breakdown(String title, String explanation, Map<String, Measurement> parts) {
    }

    record StartUp(long readyMs, double rssMiB) {
    }

    /** The CPU table's last column: every process on the machine, listed or not (/proc/stat). */
    static final String MACHINE_CPU = "whole machine (/proc/stat)";
    /** Not CPU: the wall-clock seconds between the two readings the row's CPU figures are the difference of. */
    static final String WINDOW = "window, wall-clock s";

    private final Duration runFor;
    private final Duration warmUp;
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();
    private final Map<String, Map<String, Double>> rss = new LinkedHashMap<>();
    private final Map<String, StartUp> startUps = new LinkedHashMap<>();
    /** The same start on a JDK 25+ with an AOT cache from a training start of its own ({@code Bench#startUps}). */
    private final Map<String, StartUp> aotStartUps = new LinkedHashMap<>();
    private String aotJava;
    private final Map<String, List<String>> profiles = new LinkedHashMap<>();
    private final List<Breakdown> breakdowns = new ArrayList<>();

    Report(Duration runFor, Duration warmUp) {
        this.runFor = runFor;
        this.warmUp = warmUp;
    }

    void machine() {
        machine.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        machine.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        machine.put("cpuModel", procLine("/proc/cpuinfo", "model name").replaceFirst("^model name\\s*:\\s*", ""));
        machine.put("memTotal", procLine("/proc/meminfo", "MemTotal").replaceFirst("^MemTotal:\\s*", ""));
        machine.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("loadAverageBefore", loadAverage());
        String extra = String.join(" ", hk.clinic.allinone.ServiceProcess.extraJvmOptions());
        machine.put("serviceJvmOptions", String.join(" ", hk.clinic.allinone.Platform.SERVICE_JVM_OPTIONS) + " (as Platform starts them)"
                + (extra.isEmpty() ? "" : " + " + extra + " (BENCH_JVM_OPTIONS)"));
        machine.put("gitCommit", gitCommit());
    }

    void loadAfter() {
        machine.put("loadAverageAfter", loadAverage());
    }

    void note(String note) {
        notes.add(note);
    }

    void pair(String workload, String figure, String serviceName, String limitName, Measurement service, Measurement limit,
              Map<String, Double> serviceCpu, Map<String, Double> limitCpu) {
        pair(workload, figure, service.connections() + " conns", serviceName, limitName, service, limit, serviceCpu, limitCpu);
    }

    void pair(String workload, String figure, String load, String serviceName, String limitName, Measurement service,
              Measurement limit, Map<String, Double> serviceCpu, Map<String, Double> limitCpu) {
        pairs.add(new Pair(workload, figure, load, serviceName, limitName, service, limit, serviceCpu, limitCpu));
        Bench.log(figure + ": " + serviceName + " " + fmt(service.throughput()) + "/s p99 " + fmt(service.p("99"))
                + " ms; " + limitName + " " + fmt(limit.throughput()) + "/s p99 " + fmt(limit.p("99")) + " ms");
    }

    void breakdown(String title, String explanation, Map<String, Measurement> parts) {
        breakdowns.add(new Breakdown(title, explanation, parts));
        parts.forEach((k, m) -> Bench.log(title + ": " + k + " p50 " + fmt(m.p("50")) + " ms p99 " + fmt(m.p("99")) + " ms"));
    }

    void profile(String title, List<String> lines) {
        profiles.put(title, lines);
    }

    void rss(String service, String when, double mib) {
        rss.computeIfAbsent(service, k -> new LinkedHashMap<>()).put(when, mib);
    }

    void startUp(String service, StartUp median) {
        startUps.put(service, median);
    }

    void aotStartUp(String java, String service, StartUp median) {
        aotJava = java;
        aotStartUps.put(service, median);
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.md"), markdown());
            Files.writeString(dir.resolve("report.json"), json());
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                LatencyPlot.write(dir.resolve(String.format("latency-%02d-%s.png", i + 1,
                        p.figure().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "").toLowerCase())), p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String markdown() {
        StringBuilder b = new StringBuilder("# Benchmark report\n\n");
        b.append("Measured by `deploy/all-in-one/bench.sh` (issue 8). Each figure is a ratio to a limit measured in the same run "
                + "on the same machine, within minutes of each other. **Load conditions:** the load averages before and after "
                + "the run, and the CPU table below, show whatever else ran on the machine; absolute numbers move with it, "
                + "the ratios less.\n\n");
        b.append("| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("| wrk | ").append(Bench.THREADS).append(" threads, ").append(runFor.toSeconds()).append(" s per run after a ")
                .append(warmUp.toSeconds()).append(" s warm-up of the service (not counted) |\n\n");

        b.append("## Throughput and latency: service vs limit\n\n");
        b.append("Ratio = service / limit: for throughput higher is better (1.0 = as fast as the limit); for latency lower is better.\n\n");
        b.append("| workload | figure | load | service | limit | ratio |\n|---|---|---:|---:|---:|---:|\n");
        for (Pair p : pairs) {
            String w = p.figure() + " (" + p.serviceName() + " vs " + p.limitName() + ")";
            b.append(row(w, "throughput /s", p.load(), p.service().throughput(), p.limit().throughput()));
            b.append(row(w, "p50 ms", p.load(), p.service().p("50"), p.limit().p("50")));
            b.append(row(w, "p99 ms", p.load(), p.service().p("99"), p.limit().p("99")));
            b.append(row(w, "p99.9 ms", p.load(), p.service().p("99.9"), p.limit().p("99.9")));
        }
        b.append("\n| run | requests | errors (non-2xx/3xx or socket; pgbench: failed tx) |\n|---|---:|---:|\n");
        for (Pair p : pairs) {
            b.append("| ").append(p.figure()).append(", ").append(p.serviceName()).append(" | ").append(p.service().requests())
                    .append(" | ").append(p.service().errors()).append(" |\n");
            b.append("| ").append(p.figure()).append(", ").append(p.limitName()).append(" | ").append(p.limit().requests())
                    .append(" | ").append(p.limit().errors()).append(" |\n");
        }

        b.append("\n### CPU seconds used during each run, per process\n\n");
        b.append("From /proc/<pid>/stat (utime + stime). The machine has ").append(machine.get("cpus"))
                .append(" CPUs, so a row has at most that many CPU seconds per second of its window (last column: the "
                + "wall-clock time between the two readings, the load run and what surrounds it in the harness). "
                + "The column before it is every process's CPU, from /proc/stat: more than the others' sum is CPU of "
                + "processes the table does not list.\n\n");
        if (!pairs.isEmpty()) {
            b.append("| run |");
            pairs.get(0).serviceCpu().keySet().forEach(k -> b.append(' ').append(k).append(" |"));
            b.append("\n|---|");
            pairs.get(0).serviceCpu().keySet().forEach(k -> b.append("---:|"));
            b.append('\n');
            for (Pair p : pairs) {
                cpuRow(b, p.figure() + ", " + p.serviceName(), p.serviceCpu());
                cpuRow(b, p.figure() + ", " + p.limitName(), p.limitCpu());
            }
        }
        cpuBudgetSection(b);
        for (Breakdown d : breakdowns) {
            b.append("\n## ").append(d.title()).append("\n\n").append(d.explanation()).append("\n\n");
            b.append("| part | samples | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
            d.parts().forEach((k, m) -> b.append("| ").append(k).append(" | ").append(m.requests()).append(" | ")
                    .append(cell(m.p("50"))).append(" | ").append(cell(m.p("90"))).append(" | ").append(cell(m.p("99")))
                    .append(" | ").append(cell(m.p("99.9"))).append(" | ").append(cell(m.maxUs() / 1000.0)).append(" |\n"));
        }
        if (!startUps.isEmpty() || !rss.isEmpty()) {
            startUpSection(b);
        }
        profiles.forEach((title, lines) -> {
            b.append("\n## Profile: ").append(title).append("\n\n");
            lines.forEach(l -> b.append(l).append('\n'));
        });
        b.append("\n## Notes\n\n");
        notes.forEach(n -> b.append("- ").append(n).append('\n'));
        return b.toString();
    }

    /**
     * What the CPU table implies for a run that kept every CPU busy: the throughput the service would reach if its own
     * process cost nothing and everything else (PostgreSQL, the other services, the harness's servers, the load
     * generator) cost what it did per request in this run. Work left over after the run (e.g. notification-service
     * catching up) is not in the table, so this ceiling is, if anything, too high.
     */
    private void cpuBudgetSection(StringBuilder b) {
        int cpus = Runtime.getRuntime().availableProcessors();
        List<String> rows = new ArrayList<>();
        for (Pair p : pairs) {
            CpuBudget budget = CpuBudget.of(p, cpus);
            if (budget != null) {
                rows.add("| " + p.figure() + " | " + String.format("%.0f %%", 100 * budget.busyShare()) + " | "
                        + String.format("%.2f", budget.ownMsPerRequest()) + " | " + String.format("%.2f", budget.restMsPerRequest())
                        + " | " + fmt(budget.ceilingThroughput()) + " | " + String.format("%.2f", budget.ceilingRatio()) + " |\n");
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        b.append("\n### CPU budget: the ratio each service could reach if its own process cost nothing\n\n");
        b.append("For the service runs that kept the machine's ").append(cpus).append(" CPUs at least ")
                .append(Math.round(CpuBudget.SATURATED * 100)).append(" % busy, from the table above: the service's own CPU "
                + "per request, everything else's (the whole machine's CPU, from /proc/stat, less the service's: PostgreSQL, "
                + "the other services, the harness's servers, the load generator), "
                + "and the throughput and ratio that everything else alone would allow (CPUs / rest per request). Work that "
                + "was still queued when the run ended (notification-service catching up) is not counted, so the ceiling is "
                + "if anything too high. A target above the ceiling can't be met by making the service itself faster.\n\n");
        b.append("| run | CPUs busy over the window | service CPU ms / request | rest CPU ms / request | ceiling /s | ceiling ratio |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        rows.forEach(b::append);
    }

    /** The service run's CPU split between the service's own process and the rest, per request. */
    record CpuBudget(double busyShare, double ownMsPerRequest, double restMsPerRequest, double ceilingThroughput,
                     double ceilingRatio) {

        static final double SATURATED = 0.9;

        /**
         * Null when the run left CPU idle (the bound says nothing then), the service is no single process here, or
         * the machine's CPU could not be read.
         */
        static CpuBudget of(Pair p, int cpus) {
            String own = p.serviceCpu().keySet().stream().filter(k -> p.serviceName().startsWith(k)).findFirst().orElse(null);
            Measurement m = p.service();
            double total = p.serviceCpu().getOrDefault(MACHINE_CPU, Double.NaN);
            double window = p.serviceCpu().getOrDefault(WINDOW, Double.NaN);
            // A limit that is the same service in other conditions (growth: 1 M vs 10 k stored) has no CPU budget to compare.
            if (own == null || p.limitName().startsWith(own) || m.requests() == 0 || Double.isNaN(total) || !(window > 0)) {
                return null;
            }
            double busy = total / (cpus * window);
            if (busy < SATURATED) {
                return null;
            }
            double rest = (total - p.serviceCpu().get(own)) / m.requests();
            double ceiling = cpus / rest;
            return new CpuBudget(busy, 1000 * p.serviceCpu().get(own) / m.requests(), 1000 * rest, ceiling,
                    ceiling / p.limit().throughput());
        }
    }

    private void startUpSection(StringBuilder b) {
        b.append("\n## Start-up and memory (packaged jars)\n\n");
        b.append("Ready = time from spawning the JVM to the first 200 from `/q/health/ready` (polled every 5 ms), each service "
                + "restarted alone after the load (bench.startup.repeats times, 3 by default: the median run is shown, every run is in the notes), each time once the machine is quiet (3 s in a row with the CPUs under " + Math.round(Tools.QUIET_SHARE * 100) + " % busy, waited for up to 5 min; the log says how long). RSS = VmRSS from /proc/<pid>/status.\n\n");
        if (!aotStartUps.isEmpty()) {
            b.append("The AOT columns: the same restart on `").append(aotJava).append("` with the JDK's AOT cache (JEP 483/515), "
                    + "written by a training start of its own (to ready, then SIGTERM: the JVM writes the cache as it exits); "
                    + "each restart on the usual JVM follows one of these, so that the two alternate. The build's JVM "
                    + "(JDK 17) cannot use such a cache; the services run on it everywhere else, the tests included.\n\n");
        }
        b.append("| service | ready ms (alone) | RSS MiB at ready (alone) | ready ms (JDK 25 + AOT cache) | RSS MiB at ready (JDK 25 + AOT cache) "
                + "| RSS MiB after platform start | RSS MiB after load |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (String s : rss.keySet()) {
            StartUp su = startUps.get(s);
            StartUp aot = aotStartUps.get(s);
            b.append("| ").append(s).append("-service | ").append(su == null ? "-" : su.readyMs()).append(" | ")
                    .append(su == null ? "-" : fmt(su.rssMiB())).append(" | ").append(aot == null ? "-" : aot.readyMs()).append(" | ")
                    .append(aot == null ? "-" : fmt(aot.rssMiB())).append(" | ").append(fmt(rss.get(s).getOrDefault("afterStart", Double.NaN)))
                    .append(" | ").append(fmt(rss.get(s).getOrDefault("afterLoad", Double.NaN))).append(" |\n");
        }
    }

    private static void cpuRow(StringBuilder b, String run, Map<String, Double> cpu) {
        b.append("| ").append(run).append(" |");
        cpu.values().forEach(v -> b.append(' ').append(String.format("%.1f", v)).append(" |"));
        b.append('\n');
    }

    private static String cpuJson(Map<String, Double> cpu) {
        StringBuilder b = new StringBuilder("{");
        String sep = "";
        for (Map.Entry<String, Double> e : cpu.entrySet()) {
            b.append(sep).append('"').append(e.getKey()).append("\": ")
                    .append(e.getValue().isNaN() ? "null" : String.format("%.2f", e.getValue()));
            sep = ", ";
        }
        return b.append('}').toString();
    }

    private static String row(String workload, String figure, String load, double service, double limit) {
        return "| " + workload + " | " + figure + " | " + load + " | " + cell(service) + " | " + cell(limit) + " | "
                + (limit == 0 || Double.isNaN(limit) || Double.isNaN(service) ? "-" : String.format("%.2f", service / limit)) + " |\n";
    }

    /** A figure the run could not tell (e.g. p99.9 of fewer than 1 000 samples) shows as "-" in the tables. */
    private static String cell(double v) {
        return Double.isNaN(v) ? "-" : fmt(v);
    }

    private String json() {
        StringBuilder b = new StringBuilder("{\n  \"machine\": {");
        String sep = "";
        for (Map.Entry<String, String> e : machine.entrySet()) {
            b.append(sep).append("\n    \"").append(e.getKey()).append("\": \"").append(e.getValue().replace("\"", "'")).append('"');
            sep = ",";
        }
        b.append("\n  },\n  \"runSeconds\": ").append(runFor.toSeconds()).append(",\n  \"warmUpSeconds\": ").append(warmUp.toSeconds())
                .append(",\n  \"pairs\": [");
        sep = "";
        for (Pair p : pairs) {
            b.append(sep).append("\n    {\"workload\": \"").append(p.workload()).append("\", \"figure\": \"").append(p.figure())
                    .append("\", \"service\": \"").append(p.serviceName()).append("\", \"load\": \"").append(p.load()).append("\", \"limit\": \"").append(p.limitName())
                    .append("\",\n     \"throughputRatio\": ").append(String.format("%.3f", p.service().throughput() / p.limit().throughput()))
                    .append(",\n     \"serviceRun\": ").append(p.service().toJson())
                    .append(",\n     \"limitRun\": ").append(p.limit().toJson())
                    .append(",\n     \"cpuSecondsDuringServiceRun\": ").append(cpuJson(p.serviceCpu()))
                    .append(",\n     \"cpuSecondsDuringLimitRun\": ").append(cpuJson(p.limitCpu()));
            CpuBudget budget = CpuBudget.of(p, Runtime.getRuntime().availableProcessors());
            if (budget != null) {
                b.append(",\n     \"ceilingRatioIfServiceCostNothing\": ").append(String.format("%.3f", budget.ceilingRatio()));
            }
            b.append('}');
            sep = ",";
        }
        b.append("\n  ],\n  \"breakdowns\": [");
        sep = "";
        for (Breakdown d : breakdowns) {
            b.append(sep).append("\n    {\"title\": \"").append(d.title().replace("\"", "'")).append("\", \"parts\": {");
            String partSep = "";
            for (Map.Entry<String, Measurement> e : d.parts().entrySet()) {
                b.append(partSep).append("\n      \"").append(e.getKey().replace("\"", "'")).append("\": ").append(e.getValue().toJson());
                partSep = ",";
            }
            b.append("}}");
            sep = ",";
        }
        b.append("\n  ],\n  \"services\": {");
        sep = "";
        for (String s : rss.keySet()) {
            StartUp su = startUps.get(s);
            b.append(sep).append("\n    \"").append(s).append("\": {\"rssMiBAfterPlatformStart\": ")
                    .append(fmt(rss.get(s).getOrDefault("afterStart", Double.NaN)))
                    .append(", \"rssMiBAfterLoad\": ").append(fmt(rss.get(s).getOrDefault("afterLoad", Double.NaN)));
            if (su != null) {
                b.append(", \"readyMsAlone\": ").append(su.readyMs()).append(", \"rssMiBAtReadyAlone\": ").append(fmt(su.rssMiB()));
            }
            StartUp aot = aotStartUps.get(s);
            if (aot != null) {
                b.append(", \"readyMsAloneAotCache\": ").append(aot.readyMs()).append(", \"rssMiBAtReadyAloneAotCache\": ")
                        .append(fmt(aot.rssMiB())).append(", \"aotJava\": \"").append(aotJava).append('"');
            }
            b.append('}');
            sep = ",";
        }
        b.append("\n  },\n  \"notes\": [");
        sep = "";
        for (String n : notes) {
            b.append(sep).append("\n    \"").append(n.replace("\"", "'")).append('"');
            sep = ",";
        }
        return b.append("\n  ]\n}\n").toString();
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "null";
        }
        return v >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }

    private static String procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2] + " (1/5/15 min)";
        } catch (IOException e) {
            return "?";
        }
    }

    private static String gitCommit() {
        try {
            return Tools.run(List.of("git", "rev-parse", "--short", "HEAD"), Map.of()).trim();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
