package hk.clinic.allinone.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Issue 8's growth workload: registration latency at 32 connections (the same wrk script) with 10 k and then
 * with 1 M registrations already in booking's tables, bulk-loaded with SQL (growth-load.sql). The ratio is the
 * larger table's figure over the smaller one's. Sizes: {@code bench.growth.sizes} (comma list, ascending).
 */
final class Growth {

    private static final int CONNECTIONS = 32;
    private static final long CHUNK = 100_000;

    private final Bench bench;

    Growth(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        List<Long> sizes = Arrays.stream(System.getProperty("bench.growth.sizes", "10000,1000000").split(","))
                .map(String::trim).map(Long::parseLong).sorted().toList();
        Bench.require(sizes.size() >= 2, "bench.growth.sizes needs two sizes or more");
        Path script = bench.prepareRegistrations();
        String sql = Tools.resource("growth-load.sql");
        List<Measurement> runs = new ArrayList<>();
        List<Map<String, Double>> cpus = new ArrayList<>();
        List<String> sizeNotes = new ArrayList<>();
        try (Connection db = bench.platform.infra().postgres().adminConnection()) {
            // Compiled before the first stage, whatever ran before (a growth-only run starts with a cold booking),
            // on free places: the earlier workloads took many (the 2026-12-02 run's warm-up met full slots, 409s).
            Backlog.settle(bench.platform, Duration.ofMinutes(10));
            Bench.emptyBookingTables(db);
            bench.warmUpWrites(bench.platform.service("booking").baseUrl(), script, "Growth"); // ends with empty tables
            long loaded = 0;
            for (long size : sizes) {
                long present = Backlog.count(db, "SELECT count(*) FROM booking.registration");
                long toAdd = Math.max(0, size - present);
                long t0 = System.nanoTime();
                db.setAutoCommit(false);
                for (long from = loaded; from < loaded + toAdd; from += CHUNK) {
                    long to = Math.min(loaded + toAdd, from + CHUNK);
                    try (Statement st = db.createStatement()) {
                        st.execute(sql.replace("@FROM@", String.valueOf(from)).replace("@TO@", String.valueOf(to)));
                    }
                    db.commit();
                    Bench.log("growth: " + (present + to - loaded) + " of " + size + " registrations stored");
                }
                db.setAutoCommit(true);
                loaded += toAdd;
                try (Statement st = db.createStatement()) {
                    st.execute("VACUUM ANALYZE booking.registration, booking.consent_record, booking.outbox_event, booking.slot_booking");
                }
                long loadSeconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
                long stored = Backlog.count(db, "SELECT count(*) FROM booking.registration");
                long bytes = Backlog.count(db, "SELECT pg_total_relation_size('booking.registration') + "
                        + "pg_total_relation_size('booking.consent_record') + pg_total_relation_size('booking.outbox_event')");
                Backlog.settle(bench.platform, Duration.ofMinutes(10));
                bench.registrations(CONNECTIONS, bench.warmUp); // warm-up, not counted
                Tools.awaitQuiet();
                bench.emptyMailStore();
                Map<String, Double> c0 = bench.cpu();
                Measurement m = bench.registrations(CONNECTIONS, bench.runFor);
                cpus.add(Bench.delta(c0, bench.cpu()));
                runs.add(m);
                sizeNotes.add(String.format("%d stored before the run (%d bulk-loaded in %d s, tables + indexes %d MiB)",
                        stored, toAdd, loadSeconds, bytes / (1024 * 1024)));
            }
        }
        int last = runs.size() - 1;
        bench.report.pair("growth", "registration POST, " + CONNECTIONS + " connections, " + label(sizes.get(last))
                        + " vs " + label(sizes.get(0)) + " stored", CONNECTIONS + " conns",
                "booking-service, " + label(sizes.get(last)) + " stored", "booking-service, " + label(sizes.get(0)) + " stored",
                runs.get(last), runs.get(0), cpus.get(last), cpus.get(0));
        bench.report.note("Growth: registrations at " + CONNECTIONS + " connections (register.lua, after an uncounted warm-up) "
                + "with stored registrations bulk-loaded by growth-load.sql (every branch and treatment, 60 % attended, "
                + "20 % cancelled, 10 % no-show on past dates, 10 % active after the booking window, distinct HK mobile "
                + "phones, one consent and one published outbox row each); booking's tables emptied first. Stages: "
                + String.join("; ", sizeNotes) + ". Target of issue 8: the larger within 20 % of the smaller.");
    }

    private static String label(long size) {
        return size >= 1_000_000 && size % 1_000_000 == 0 ? size / 1_000_000 + " M"
                : size >= 1_000 && size % 1_000 == 0 ? size / 1_000 + " k" : String.valueOf(size);
    }
}
