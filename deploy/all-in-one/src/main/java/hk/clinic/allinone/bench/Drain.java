package hk.clinic.allinone.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 8's drain: 100 k due WhatsApp messages bulk-inserted into notification's table, sent by its delivery
 * scheduler (one replica: the platform runs one) to the provider stub until none is left. Limit: wrk posting the
 * same request to the same stub over as many connections as the replica has senders. An uncounted drain of
 * {@code bench.drain.warmup-messages} comes first: the service has just started, and the JIT is still compiling
 * the send path (the 2026-12-02 runs sent 140/s in their first 15 s and 660/s in their last).
 * Size: {@code bench.drain.messages}.
 */
final class Drain {

    /** notification-service's clinic.delivery.send-concurrency, as the platform runs it (the default). */
    static final int SENDERS = 4;

    static final String TEXT = """
            Thank you for registering. We look forward to seeing you.

            Acne Treatment (free trial)
            Tue 15 Dec 2026, 14:30
            Causeway Bay: 10/F, 500 Hennessy Road, Causeway Bay, Hong Kong

            To reschedule or cancel, use your booking page: https://www.clinic.hk/manage/5f0c2b8e-9a51-4d0b-8f7e-2f3c1d9b6a01#t=Q2xpbmljLW1hbmFnZS10b2tlbi1leGFtcGxl

            Questions? Call the branch on +85223456789.""";

    private final Bench bench;

    Drain(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        long count = Long.getLong("bench.drain.messages", 100_000);
        long warmUp = Long.getLong("bench.drain.warmup-messages", 10_000);
        int cancelled = Backlog.settle(bench.platform, Duration.ofMinutes(10));
        try (Connection db = bench.platform.infra().postgres().adminConnection()) {
            if (warmUp > 0) {
                drain(db, "bench-drain-warmup", count, count + warmUp);
            }
            Map<String, Double> c0 = bench.cpu();
            drain(db, "bench-drain", 0, count);
            Map<String, Double> c1 = bench.cpu();
            List<Instant> sent = new ArrayList<>();
            Instant firstClaim;
            long failed;
            try (Statement st = db.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT sent_at FROM notification.notification WHERE step = 'bench-drain' "
                        + "AND status = 'SENT' ORDER BY sent_at")) {
                    while (rs.next()) {
                        sent.add(rs.getObject(1, OffsetDateTime.class).toInstant());
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT min(claimed_at) FROM notification.notification WHERE step = 'bench-drain'")) {
                    rs.next();
                    firstClaim = rs.getObject(1, OffsetDateTime.class).toInstant();
                }
                failed = Backlog.count(db, "SELECT count(*) FROM notification.notification WHERE step = 'bench-drain' AND status = 'FAILED'");
            }
            // The gap between consecutive sends (of any sender): the replica's time per message.
            long[] gaps = new long[Math.max(0, sent.size() - 1)];
            for (int i = 1; i < sent.size(); i++) {
                gaps[i - 1] = Duration.between(sent.get(i - 1), sent.get(i)).toNanos() / 1000;
            }
            double seconds = Duration.between(firstClaim, sent.get(sent.size() - 1)).toNanos() / 1e9;
            Measurement drained = Measurement.ofSamples("drain", 1, gaps, seconds, failed);
            drained = new Measurement("drain", 1, sent.size(), seconds, failed, drained.meanUs(), drained.maxUs(), drained.percentilesUs());

            String stub = bench.platform.infra().providers().baseUrl();
            Path body = Tools.write(bench.work.resolve("wrk/whatsapp-body.json"),
                    "{\"messaging_product\":\"whatsapp\",\"to\":\"85260000000\",\"type\":\"text\",\"text\":{\"body\":\""
                            + ("Your appointment is booked: Acne Treatment (free trial)\n\n" + TEXT).replace("\n", "\\n") + "\"}}");
            Path script = Tools.write(bench.work.resolve("wrk/whatsapp.lua"), Tools.resource("whatsapp.lua") + Tools.resource("report.lua"));
            List<String> args = List.of("/v21.0/unset/messages", body.toString());
            bench.wrk(stub, SENDERS, bench.warmUp, script, List.of(), args);
            Map<String, Double> c2 = bench.cpu();
            Measurement limit = bench.wrk(stub, SENDERS, bench.runFor, script, List.of(), args);
            Map<String, Double> c3 = bench.cpu();
            bench.report.pair("drain", "due WhatsApp messages drained to the provider stub (" + count + ")", SENDERS + " senders",
                    "notification-service, 1 replica", "wrk → provider stub, " + SENDERS + " connections", drained, limit,
                    Bench.delta(c0, c1), Bench.delta(c2, c3));
            bench.report.note("Drain: " + count + " due WhatsApp confirmations inserted in one statement "
                    + "(drain-notifications.sql), after an uncounted drain of " + warmUp + " more; throughput = messages sent / (last sent_at − first claimed_at); latency "
                    + "figures are the gap between consecutive sent_at (any sender) against wrk's per-request latency over "
                    + SENDERS + " connections (the replica's " + SENDERS + " senders, clinic.delivery.send-concurrency) to "
                    + "the same WireMock stub with the same request. One replica (the platform runs one "
                    + "notification-service). " + failed
                    + " failed; " + cancelled + " earlier due messages cancelled first.");
        }
    }

    /** Inserts rows {@code from} to {@code to} - 1 as due messages of {@code step} and waits until all are sent. */
    private static void drain(Connection db, String step, long from, long to) throws Exception {
        long count = to - from;
        try (Statement st = db.createStatement()) {
            st.executeUpdate(Tools.resource("drain-notifications.sql").replace("@STEP@", "'" + step + "'")
                    .replace("@FROM@", String.valueOf(from)).replace("@TO@", String.valueOf(to))
                    .replace("@TEXT@", "'" + TEXT.replace("'", "''") + "'"));
        }
        Bench.log("drain: " + count + " due WhatsApp messages (" + step + ") inserted; waiting for the scheduler to send them");
        long done = 0;
        long lastProgress = System.nanoTime();
        long lastLog = 0;
        while (done < count) {
            Thread.sleep(1000);
            long now = Backlog.count(db, "SELECT count(*) FROM notification.notification WHERE step = '" + step + "' "
                    + "AND status IN ('SENT', 'FAILED')");
            if (now > done) {
                lastProgress = System.nanoTime();
            }
            done = now;
            Bench.require(System.nanoTime() - lastProgress < Duration.ofMinutes(2).toNanos(),
                    "drain (" + step + ") stalled at " + done + " of " + count + " messages");
            if (System.nanoTime() - lastLog > Duration.ofSeconds(15).toNanos()) {
                Bench.log("drain (" + step + "): " + done + " of " + count + " sent");
                lastLog = System.nanoTime();
            }
        }
    }
}
