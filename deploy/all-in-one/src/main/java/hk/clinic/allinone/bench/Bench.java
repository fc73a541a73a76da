package hk.clinic.allinone.bench;

import hk.clinic.allinone.Platform;
import hk.clinic.allinone.ServiceProcess;
import hk.clinic.infra.PostgresServer;
import hk.clinic.infra.ProviderStub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark harness (issue 8): starts the platform from the packaged jars on random ports with fresh data,
 * drives it with wrk, measures the limits (nginx serving the same bytes, pgbench running the same SQL) in the
 * same run, then writes target/bench/report.md, report.json and PNG plots. Run through {@code bench.sh}.
 */
public final class Bench {

    static final String GUIDE = "/api/v1/guides/complete-milia-removal";
    static final int GUIDE_CONNECTIONS = 32;
    static final List<Integer> WRITE_CONNECTIONS = List.of(8, 32, 128);
    /** The workloads, in the order they run; {@code BENCH_ONLY} (bench.only) picks some of them. */
    static final List<String> WORKLOADS = List.of("reads", "writes", "pipeline", "drain", "growth", "startup");
    static final int THREADS = 2;
    /**
     * The sample catalogue's places per slot are multiplied by this for a run: 10 gave some 80 000 places, which a
     * warm-up of 10 rounds used up on 2026-12-02 (its last rounds were fast 409s, slot full).
     */
    static final int PLACES_FACTOR = 40;
    /** Where pgbench writes the registration limit: copies of booking's tables, out of its outbox relay's sight. */
    static final String LIMIT_SCHEMA = "bench_limit";
    /** The write run whose PostgreSQL statements the report lists (issue 8's target is at 32 connections). */
    private static final int STATEMENTS_CONNECTIONS = 32;
    /**
     * booking's warm-up runs this many rounds at least: its throughput climbs in steps with flat stretches between
     * them (2026-12-02: 396, 444, 442, 400, 461 req/s in rounds 3-7 of one run, 446, 453, 447, 522, 515, 647 in
     * rounds 3-8 of another, 732 by round 10), and a plateau rule alone stopped on the first flat stretch.
     */
    private static final int MIN_WARMUP_ROUNDS = 10;
    /** The same, once an earlier warm-up of this run has compiled booking's write path (booking is not restarted). */
    private static final int MIN_REWARMUP_ROUNDS = 4;
    private static final int PLATEAU_ROUNDS = 3;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Path repo;
    final Path work;
    final Path out;
    final Duration runFor;
    final Duration warmUp;
    private final String wrk;
    final Report report;
    Platform platform;
    /** The places registrations are spread over (one per line), and the next request number (phones never repeat). */
    Path places;
    long nextRequest;
    /** A warm-up of this run has already compiled booking's write path (it is started once, before the first). */
    private boolean bookingWarmedUp;
    private int wrkRuns;

    private Bench(Path repo, Duration runFor, Duration warmUp) {
        this.repo = repo;
        Path module = repo.resolve("deploy/all-in-one");
        this.work = module.resolve("target/bench-data");
        this.out = module.resolve("target/bench");
        this.runFor = runFor;
        this.warmUp = warmUp;
        this.wrk = Tools.require("wrk");
        this.report = new Report(runFor, warmUp);
    }

    public static void main(String[] args) throws Exception {
        // The embedded servers log at INFO (Kafka prints its whole configuration): keep the console to our lines.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Duration runFor = Duration.ofSeconds(Long.getLong("bench.seconds", 15));
        Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 5));
        new Bench(repo, runFor, warmUp).run();
    }

    private void run() throws Exception {
        String nginx = Tools.require("nginx");
        String pgbench = Tools.require("pgbench");
        Tools.deleteTree(work);
        Tools.deleteTree(out);
        Files.createDirectories(out);
        report.machine();

        Set<String> only = only();
        // As in the system tests: no quiet hours, so WhatsApp goes out at once whatever the hour in Hong Kong.
        Map<String, Map<String, String>> extra = Map.of(
                "booking", Map.of("clinic.rate-limit.per-address", "100000000", "clinic.rate-limit.per-phone", "100000"),
                "notification", Map.of("clinic.quiet-hours.start", "00:00", "clinic.quiet-hours.end", "00:00"));
        // The provider stub keeps no request journal here: nothing looks it up, and WireMock walks it on every request.
        System.setProperty(ProviderStub.JOURNAL_ENTRIES, System.getProperty(ProviderStub.JOURNAL_ENTRIES, "0"));
        // pg_stat_statements loaded, for the statements per registration of the write runs.
        System.setProperty(PostgresServer.STAT_STATEMENTS, System.getProperty(PostgresServer.STAT_STATEMENTS, "true"));
        log("starting the platform (embedded servers + 3 packaged services) with fresh data in " + work);
        long t0 = System.nanoTime();
        try (Platform platform = Platform.start(repo, work, Platform.Ports.random(), extra)) {
            this.platform = platform;
            workloads(platform, only, nginx, pgbench, t0);
        }
        report.loadAfter();
        report.write(out);
        log("report written to " + out.resolve("report.md") + " and report.json after "
                + Duration.ofNanos(System.nanoTime() - t0).toSeconds() + " s");
    }

    private void workloads(Platform platform, Set<String> only, String nginx, String pgbench, long t0) throws Exception {
        report.note("All three services started at once and ready after " + ms(System.nanoTime() - t0) + " ms (concurrent start)");
        for (String s : Platform.SERVICES) {
            report.rss(s, "afterStart", Tools.rssMiB(Tools.servicePid(platform.service(s).port())));
        }
        log("workloads: " + only);
        if (only.contains("reads")) {
            guideReads(platform.service("content"), nginx);
        }
        if (only.contains("writes")) {
            registrationWrites(platform, pgbench);
        }
        if (only.contains("pipeline")) {
            new EventPipeline(this).run();
        }
        if (only.contains("drain")) {
            new Drain(this).run();
        }
        if (only.contains("growth")) {
            new Growth(this).run();
        }
        for (String s : Platform.SERVICES) {
            report.rss(s, "afterLoad", Tools.rssMiB(Tools.servicePid(platform.service(s).port())));
        }
        if (only.contains("writes")) {
            profileWrites(platform);
        }
        if (only.contains("startup")) {
            Optional<String> aotJava = Tools.aotCapableJava();
            if (aotJava.isEmpty()) {
                report.note("No JDK 25+ found (bench.aot-java, or under /usr/lib/jvm): start-up with an AOT cache not measured");
            }
            int repeats = Integer.getInteger("bench.startup.repeats", 3);
            for (String s : Platform.SERVICES) {
                startUps(platform.service(s), aotJava, repeats);
            }
        }
    }

    /** The workloads named in bench.only (comma-separated; empty = all), in their fixed order. */
    private static Set<String> only() {
        String wanted = System.getProperty("bench.only", "").trim();
        if (wanted.isEmpty()) {
            return new LinkedHashSet<>(WORKLOADS);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : wanted.split("[,\\s]+")) {
            if (!WORKLOADS.contains(name)) {
                System.err.println("bench: unknown workload '" + name + "' in BENCH_ONLY; known: " + String.join(",", WORKLOADS));
                System.exit(2);
            }
            names.add(name);
        }
        return WORKLOADS.stream().filter(names::contains).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    // ---- 1. Guide reads ---------------------------------------------------------------------------------------

    private void guideReads(ServiceProcess content, String nginx) throws Exception {
        Path www = work.resolve("static/www");
        Files.createDirectories(www);
        Map<String, String> serviceEtags = new LinkedHashMap<>();
        for (String locale : List.of("en", "zh-HK")) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(content.baseUrl() + GUIDE))
                    .header("Accept-Language", locale).build(), HttpResponse.BodyHandlers.ofByteArray());
            require(r.statusCode() == 200, "guide " + locale + " answered " + r.statusCode());
            Files.write(www.resolve("guide-" + locale + ".json"), r.body());
            serviceEtags.put(locale, r.headers().firstValue("ETag").orElseThrow());
            report.note("Guide " + locale + ": " + r.body().length + " bytes, Content-Language "
                    + r.headers().firstValue("Content-Language").orElse("?"));
        }
        report.note("Guide limit: nginx (Debian package) serving the exact bytes content-service answered, with its own ETag "
                + "for the If-None-Match runs; both answered 304 to them before the run.");
        try (StaticServer server = StaticServer.start(nginx, work.resolve("static"), www)) {
            Path script = Tools.write(work.resolve("wrk/report.lua"), Tools.resource("report.lua"));
            // content-service has just started: the first 5 s warm-up left the JIT compiling its read path inside the
            // first counted run (en 200 at 0.30-0.52 of nginx, zh-HK 200 right after it at 0.7-0.8). One longer warm-up
            // over both locales first; every run keeps its own short one.
            Duration readsWarmUp = Duration.ofSeconds(Long.getLong("bench.reads.warmup-seconds",
                    Math.max(20, warmUp.toSeconds())));
            for (String locale : serviceEtags.keySet()) {
                wrk(content.baseUrl() + GUIDE, GUIDE_CONNECTIONS, readsWarmUp.dividedBy(serviceEtags.size()), script,
                        List.of("Accept-Language: " + locale), List.of());
            }
            report.note("Guide reads: content-service warmed up for " + readsWarmUp.toSeconds() + " s over both locales "
                    + "after its start (not counted; bench.reads.warmup-seconds), then " + warmUp.toSeconds()
                    + " s before each run");
            for (String locale : serviceEtags.keySet()) {
                String serviceUrl = content.baseUrl() + GUIDE;
                String staticUrl = server.baseUrl() + "/guide-" + locale + ".json";
                String staticEtag = HTTP.send(HttpRequest.newBuilder(URI.create(staticUrl)).build(),
                        HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag").orElseThrow();
                for (boolean revalidate : List.of(false, true)) {
                    List<String> serviceHeaders = new ArrayList<>(List.of("Accept-Language: " + locale));
                    List<String> staticHeaders = new ArrayList<>();
                    if (revalidate) {
                        serviceHeaders.add("If-None-Match: " + serviceEtags.get(locale));
                        staticHeaders.add("If-None-Match: " + staticEtag);
                        require(status(serviceUrl, serviceHeaders) == 304, "content-service does not answer 304 to If-None-Match");
                        require(status(staticUrl, staticHeaders) == 304, "nginx does not answer 304 to If-None-Match");
                    }
                    String name = "guide " + locale + (revalidate ? " If-None-Match (304)" : " full (200)");
                    wrk(serviceUrl, GUIDE_CONNECTIONS, warmUp, script, serviceHeaders, List.of());
                    Map<String, Double> c0 = cpu();
                    Measurement service = wrk(serviceUrl, GUIDE_CONNECTIONS, runFor, script, serviceHeaders, List.of());
                    Map<String, Double> c1 = cpu();
                    Measurement limit = wrk(staticUrl, GUIDE_CONNECTIONS, runFor, script, staticHeaders, List.of());
                    Map<String, Double> c2 = cpu();
                    report.pair("guideReads", name, "content-service", "nginx static file", service, limit,
                            delta(c0, c1), delta(c1, c2));
                }
            }
        }
    }

    // ---- 2. Registration writes -------------------------------------------------------------------------------

    private void registrationWrites(Platform platform, String pgbench) throws Exception {
        Path script = prepareRegistrations();
        String url = platform.service("booking").baseUrl();
        warmUpWrites(url, script, "Registration writes");
        String sql = Tools.resource("register.sql").replace("@PAYLOAD@", Files.readString(
                repo.resolve("booking-service/src/main/contract/examples/01-registration-submitted.json"))
                .replace('\n', ' ').replace("'", "''"));
        Path sqlFile = Tools.write(work.resolve("pgbench/register.sql"), sql);
        limitTables();
        report.note("Registration limit: pgbench runs the statements of one registration in its order (registration "
                + "insert, whose unique index is the duplicate-trial check, slot counter upsert, consent insert, outbox insert "
                + "with a traceparent, commit) with `-M prepared` at the same concurrency "
                + "against the same PostgreSQL, spread over 73 000 slots of its own, in schema " + LIMIT_SCHEMA + ": copies of "
                + "booking's four tables with the same columns, indexes, identity and foreign keys. The outbox relay's publishing "
                + "is not part of it, and the copies keep its rows away from the relay: in booking's own outbox they made the relay "
                + "publish (and notification-service process) some 15 000 events during the next service run.");
        for (int c : WRITE_CONNECTIONS) {
            // Each counted run starts on a quiet machine: notification-service's work for the registrations of the
            // run before would otherwise fall into the next run, the limit's included.
            Tools.awaitQuiet();
            boolean statements = c == STATEMENTS_CONNECTIONS;
            if (statements) {
                resetStatements();
            }
            emptyMailStore();
            Map<String, Double> c0 = cpu();
            Measurement service = registrations(c, runFor);
            Map<String, Double> c1 = cpu();
            Tools.awaitQuiet();
            if (statements) {
                statements("booking-service's run", service.requests() - service.errors(), "every role's statements from "
                        + "the start of the run until the machine was quiet after it: booking's registrations and its outbox "
                        + "relay, notification-service consuming the events and sending the confirmations");
                resetStatements();
            }
            Map<String, Double> c2 = cpu();
            Measurement limit = pgbench(pgbench, platform, sqlFile, c);
            Map<String, Double> c3 = cpu();
            if (statements) {
                statements("pgbench's run (the limit)", limit.requests() - limit.errors(), "pgbench connects as the superuser");
            }
            report.pair("registrationWrites", "registration POST, " + c + " connections", "booking-service",
                    "same SQL via pgbench", service, limit, delta(c0, c1), delta(c2, c3));
        }
    }

    private void resetStatements() throws Exception {
        try (var db = platform.infra().postgres().adminConnection()) {
            SqlStatements.reset(db);
        }
    }

    private void statements(String run, long registrations, String scope) throws Exception {
        try (var db = platform.infra().postgres().adminConnection()) {
            List<String> lines = new ArrayList<>();
            lines.add("From pg_stat_statements, " + scope + "; per registration = divided by the " + registrations
                    + " registrations of the run. Execution time is PostgreSQL's time in the executor, not its CPU.");
            lines.add("");
            lines.addAll(SqlStatements.summary(db, registrations, 12));
            report.profile("PostgreSQL statements per registration at " + STATEMENTS_CONNECTIONS + " connections, " + run, lines);
        }
    }

    /**
     * One more run at 32 connections, not counted, with JFR on booking: where its time goes. It comes after the
     * RSS after load is read, because JFR's buffers stay in the process once the recording stops (NMT "Tracing",
     * 18 MB in booking on 2026-12-02).
     */
    private void profileWrites(Platform platform) throws Exception {
        long pid = Tools.servicePid(platform.service("booking").port());
        Path jfr = out.resolve("booking-registrations.jfr");
        Profile.start(pid, jfr);
        registrations(32, runFor);
        Profile.stop(pid);
        report.profile("booking-service under registration POSTs at 32 connections (JFR, separate uncounted run of "
                + runFor.toSeconds() + " s)", Profile.summary(jfr, 12));
    }

    /**
     * booking's write path warmed up until it runs compiled: rounds of registrations at 32 connections (not
     * counted; {@code bench.writes.warmup-seconds} each), each followed by a wait for the machine to go quiet; it stops at
     * round {@value #MIN_WARMUP_ROUNDS} or later ({@value #MIN_REWARMUP_ROUNDS} for a booking that an earlier warm-up of
     * the run compiled) once the last {@value #PLATEAU_ROUNDS} rounds have not beaten the best round before them by
     * more than {@code bench.writes.warmup-tolerance} (a round within that of the best is not a new best), at most {@code bench.writes.warmup-rounds}; then booking's
     * tables are emptied, so the counted runs start, like the limit's fresh copies, from empty tables and free places.
     * <p>
     * Why: on 2 CPUs shared with PostgreSQL, Kafka and the other services, the JIT compiler threads get a small
     * share while the load runs. On 2026-12-02, 18 rounds of 15 s: the C2 thread used 1.1 to 1.7 CPU-s of every
     * round, through round 15, and booking's JIT compiled 6201, 2919, 948, 456, 271, 353, 355, 342, ..., 198
     * methods a round while throughput climbed 103, 281, 446, 453, 447, 522, 515, 647, ..., 732 req/s (round 10)
     * and then stayed between 511 and 834. Stopping at the first round within 10 % of the one before (the rule
     * until then) ended the warm-up at round 4 to 7, at 250 to 450 req/s, so the counted runs measured a JVM
     * still compiling its hot path: 2.9 ms of booking CPU per registration, against 0.67 ms in the growth runs of
     * the same bench 20 minutes later. The quiet wait lets the compile queue and notification-service's backlog of
     * the warm-up's events finish before anything is counted. The methods compiled per round are in the notes.
     */
    void warmUpWrites(String url, Path script, String what) throws Exception {
        Duration round = Duration.ofSeconds(Long.getLong("bench.writes.warmup-seconds", 15));
        int maxRounds = Integer.getInteger("bench.writes.warmup-rounds", 20);
        double tolerance = Double.parseDouble(System.getProperty("bench.writes.warmup-tolerance", "0.1"));
        long pid = Tools.servicePid(platform.service("booking").port());
        List<String> seen = new ArrayList<>();
        double best = 0;
        int sinceBest = 0;
        long quietSeconds = 0;
        long compiled = Profile.jitCompiles(pid);
        int rounds = 0;
        int minRounds = bookingWarmedUp ? MIN_REWARMUP_ROUNDS : MIN_WARMUP_ROUNDS;
        boolean plateau = false;
        while (rounds < maxRounds && !plateau) {
            rounds++;
            Measurement warm = wrk(url, 32, round, script, List.of(), registrationArgs());
            skipUsedRequestNumbers(warm, 32);
            long t0 = System.nanoTime();
            Tools.awaitQuiet();
            long quiet = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
            quietSeconds += quiet;
            long compiledNow = Profile.jitCompiles(pid);
            String compiles = compiled < 0 || compiledNow < 0 ? "?" : String.valueOf(compiledNow - compiled);
            compiled = compiledNow;
            // Only answers that booked count: a full slot's fast 409 is not the write path getting faster.
            double booked = (warm.requests() - warm.errors()) / warm.seconds();
            if (booked > best * (1 + tolerance)) {
                best = booked;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            // A plateau needs something booked: rounds of nothing but errors (full slots, 5xx) are not a warm booking.
            plateau = rounds >= minRounds && best > 0 && sinceBest >= PLATEAU_ROUNDS;
            seen.add(String.format("%.0f (%s)", booked, compiles) + (warm.errors() > 0 ? " [" + warm.errors() + " errors]" : ""));
            log(String.format("%s warm-up round %d: %.0f registrations/s (%d errors), booking's JIT compiled %s methods, "
                    + "then %d s until quiet", what, rounds, booked, warm.errors(), compiles, quiet));
        }
        bookingWarmedUp = true;
        Backlog.settle(platform, Duration.ofMinutes(10));
        try (var db = platform.infra().postgres().adminConnection()) {
            emptyBookingTables(db);
        }
        report.note(what + ": booking warmed up first (not counted) in " + rounds + " rounds of " + round.toSeconds()
                + " s at 32 connections, each followed by a wait for the machine to go quiet (" + quietSeconds + " s in all), "
                + (plateau ? "until " : "the most allowed; it stopped before ")
                + String.format("round %d or later, once the last %d rounds had not beaten the best round before them by more "
                        + "than %.0f %% (a round within that of the best is not a new best)", minRounds, PLATEAU_ROUNDS, tolerance * 100)
                + " (bench.writes.warmup-seconds, -rounds, -tolerance). Registrations/s (booked ones only) per round, with the "
                + "methods booking's JIT compiled in it: " + String.join(", ", seen) + ". Then booking's tables were emptied "
                + "(every event published first). Right after its restart the JIT has not compiled the write path yet, and "
                + "under load on 2 CPUs its compiler threads get little time.");
    }

    /** Booking's registrations (and what hangs off them) out; the catalogue stays. */
    static void emptyBookingTables(Connection db) throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("TRUNCATE booking.consent_record, booking.outbox_event, booking.idempotency_record, "
                    + "booking.slot_booking, booking.registration");
        }
    }

    /**
     * Once per run: more places per slot, booking restarted to load them, and the list of bookable places that
     * every registration workload spreads its requests over. Returns the wrk script.
     */
    Path prepareRegistrations() throws Exception {
        Path script = work.resolve("wrk/register.lua");
        if (places != null) {
            return script;
        }
        ServiceProcess booking = platform.service("booking");
        // The sample catalogue's 3 places per slot would run out within a minute of load and turn the run into
        // fast 409s: multiply them in this run's fresh database, then restart booking, which loads it once.
        try (var db = platform.infra().postgres().adminConnection(); var st = db.createStatement()) {
            st.executeUpdate("UPDATE booking.slot_capacity SET places = places * " + PLACES_FACTOR
                    + " WHERE treatment_code = 'acne-treatment-trial'");
            st.executeUpdate("UPDATE booking.slot_capacity_override SET places = places * " + PLACES_FACTOR
                    + " WHERE treatment_code = 'acne-treatment-trial'");
        }
        booking.stop();
        booking.restart();
        booking.awaitReady(Duration.ofMinutes(2));
        places = Tools.write(work.resolve("wrk/places.txt"), String.join("\n", bookablePlaces(booking)) + "\n");
        long placeCount;
        try (Stream<String> lines = Files.lines(places)) {
            placeCount = lines.count();
        }
        report.note("Registrations spread over " + placeCount + " bookable places of acne-treatment-trial "
                + "(the sample catalogue's places per slot multiplied by " + PLACES_FACTOR + " for the run) "
                + "(all four branches, whole booking window), one distinct phone per request");
        return Tools.write(script, Tools.resource("register.lua") + Tools.resource("report.lua"));
    }

    private List<String> registrationArgs() {
        return List.of(places.toString(), String.valueOf(nextRequest), String.valueOf(THREADS));
    }

    /**
     * Before each counted registration run, and before its CPU figures start, so that they are the run's alone:
     * GreenMail finds a recipient's mailbox by scanning them all, so a full store slows the run.
     */
    void emptyMailStore() {
        platform.infra().mail().purge();
    }

    /** One counted wrk run of register.lua; the next run starts with fresh phones. */
    Measurement registrations(int connections, Duration duration) throws Exception {
        Path script = prepareRegistrations();
        Measurement m = wrk(platform.service("booking").baseUrl(), connections, duration, script, List.of(), registrationArgs());
        skipUsedRequestNumbers(m, connections);
        return m;
    }

    /**
     * Moves past every request number a register.lua run can have used. Each of its threads numbers its own
     * requests (first + n * threads + thread), so the busiest thread's count, not the total, bounds the span; the
     * requests still in flight when wrk stops are not in its count. Advancing by the total alone let the next
     * run reuse phones of the last: 3 to 184 answers per run were "409 active-free-trial-exists".
     */
    private void skipUsedRequestNumbers(Measurement run, int connections) {
        nextRequest += (long) THREADS * (run.requests() + connections) + 100;
    }

    /** Every bookable place (one line per place: branch, date, time), interleaved so neighbours hit other slots. */
    private List<String> bookablePlaces(ServiceProcess booking) throws Exception {
        Pattern minimal = Pattern.compile("\"minimalDate\"\\s*:\\s*\"([0-9-]+)\"");
        Pattern maximal = Pattern.compile("\"maximalDate\"\\s*:\\s*\"([0-9-]+)\"");
        Pattern token = Pattern.compile("\"date\"\\s*:\\s*\"([0-9-]+)\"|(\\{[^{}\\[\\]]*\"time\"[^{}]*})");
        Pattern time = Pattern.compile("\"time\"\\s*:\\s*\"([0-9:]+)\"");
        Pattern remaining = Pattern.compile("\"remaining\"\\s*:\\s*([0-9]+)");
        List<String[]> slots = new ArrayList<>();
        for (String branch : List.of("causeway-bay", "tsim-sha-tsui", "mong-kok", "central")) {
            String base = booking.baseUrl() + "/api/v1/availability?treatment=acne-treatment-trial&branch=" + branch;
            String first = get(base);
            String from = find(first, minimal.pattern());
            String to = find(first, maximal.pattern());
            Matcher m = token.matcher(get(base + "&from=" + from + "&to=" + to));
            String date = null;
            while (m.find()) {
                if (m.group(1) != null) {
                    date = m.group(1);
                } else {
                    slots.add(new String[] {branch, date, find(m.group(2), time.pattern()), find(m.group(2), remaining.pattern())});
                }
            }
        }
        List<String> places = new ArrayList<>();
        for (int round = 1; ; round++) {
            int added = 0;
            for (String[] s : slots) {
                if (Integer.parseInt(s[3]) >= round) {
                    places.add(s[0] + " " + s[1] + " " + s[2]);
                    added++;
                }
            }
            if (added == 0) {
                return places;
            }
        }
    }

    /**
     * Schema {@link #LIMIT_SCHEMA}: booking's tables that one registration writes, copied with their columns,
     * defaults, identity, indexes and check constraints ({@code LIKE ... INCLUDING ALL}) and their foreign keys (to
     * booking's own catalogue tables, or to the copy of registration), empty.
     */
    private void limitTables() throws Exception {
        List<String> tables = List.of("slot_booking", "registration", "consent_record", "outbox_event");
        try (var db = platform.infra().postgres().adminConnection(); var st = db.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + LIMIT_SCHEMA + " CASCADE");
            st.execute("CREATE SCHEMA " + LIMIT_SCHEMA);
            st.execute("SET search_path = public");
            List<String> foreignKeys = new ArrayList<>();
            for (String table : tables) {
                st.execute("CREATE TABLE " + LIMIT_SCHEMA + "." + table + " (LIKE booking." + table + " INCLUDING ALL)");
                try (var rs = st.executeQuery("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
                        + "AND conrelid = 'booking." + table + "'::regclass")) {
                    while (rs.next()) {
                        String definition = rs.getString(1);
                        for (String t : tables) {
                            definition = definition.replace("REFERENCES booking." + t + "(", "REFERENCES " + LIMIT_SCHEMA + "." + t + "(");
                        }
                        foreignKeys.add("ALTER TABLE " + LIMIT_SCHEMA + "." + table + " ADD " + definition);
                    }
                }
            }
            for (String fk : foreignKeys) {
                st.execute(fk);
            }
        }
    }

    private Measurement pgbench(String pgbench, Platform platform, Path sqlFile, int connections) throws IOException {
        Path logDir = work.resolve("pgbench/log-c" + connections);
        Files.createDirectories(logDir);
        String output = Tools.run(List.of(pgbench, "-n", "-h", "127.0.0.1", "-p", String.valueOf(platform.infra().postgres().port()),
                        "-U", "postgres", "-M", "prepared", "-c", String.valueOf(connections), "-j", String.valueOf(THREADS),
                        "-T", String.valueOf(runFor.toSeconds()), "-f", sqlFile.toString(), "-l",
                        "--log-prefix=" + logDir.resolve("tx"), "clinic"),
                Map.of("PGOPTIONS", "-c search_path=" + LIMIT_SCHEMA + ",booking", "PGCONNECT_TIMEOUT", "5"));
        Files.writeString(work.resolve("pgbench/output-c" + connections + ".txt"), output);
        List<Long> latencies = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length >= 3) {
                        latencies.add(Long.parseLong(cols[2]));
                    }
                }
            }
        }
        double tps = Double.parseDouble(find(output, "tps = ([0-9.]+) \\(without initial connection time\\)"));
        long processed = Long.parseLong(find(output, "number of transactions actually processed: ([0-9]+)"));
        String failedText = findOptional(output, "number of failed transactions: ([0-9]+)");
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> percentiles = new LinkedHashMap<>();
        for (String q : Measurement.PERCENTILES) {
            percentiles.put(q, Measurement.percentile(sorted, Double.parseDouble(q)));
        }
        double mean = Arrays.stream(sorted).average().orElse(0);
        return new Measurement("pgbench", connections, processed, processed / tps,
                failedText == null ? 0 : Long.parseLong(failedText), mean,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], percentiles);
    }

    // ---- 3. Start-up and memory -------------------------------------------------------------------------------

    /**
     * Restarts one service alone, {@code repeats} times, each once the machine is quiet: time from spawning the JVM to
     * the first 200 from /q/health/ready, and RSS then; the median run is reported. With a JDK 25+ ({@code aotJava}),
     * each of those restarts follows one on that JDK with an AOT cache (JEP 483: classes loaded and linked; JEP 515:
     * method profiles) that a training start wrote first, so that the two alternate and the last start, which keeps
     * running for whatever comes after, is on the usual JVM.
     */
    private void startUps(ServiceProcess service, Optional<String> aotJava, int repeats) throws Exception {
        Path cache = aotJava.isPresent() ? trainAotCache(service, aotJava.get()) : null;
        List<Report.StartUp> plain = new ArrayList<>();
        List<Report.StartUp> aot = new ArrayList<>();
        for (int i = 1; i <= repeats; i++) {
            if (cache != null) {
                aot.add(timedStart(service, () -> service.startOn(aotJava.get(), List.of("-XX:AOTCache=" + cache)),
                        "start-up " + i + " on " + aotJava.get() + " with the AOT cache"));
            }
            plain.add(timedStart(service, service::restart, "start-up " + i));
        }
        report.startUp(service.name(), median(plain));
        if (cache != null) {
            report.aotStartUp(aotJava.get(), service.name(), median(aot));
        }
        report.note(service.name() + "-service start-ups, ready ms: " + plain.stream().map(Report.StartUp::readyMs).toList()
                + (cache == null ? "" : "; with the AOT cache: " + aot.stream().map(Report.StartUp::readyMs).toList())
                + " (the median is in the table)");
    }

    /** Stops the service, then times {@code start} to ready; RSS at that moment. */
    private Report.StartUp timedStart(ServiceProcess service, Runnable start, String what) throws Exception {
        awaitQuietBeforeStart(service.name() + "-service " + what);
        service.stop();
        long readyMs = timeToReady(service, start);
        log(service.name() + "-service " + what + ": ready " + readyMs + " ms after process start");
        return new Report.StartUp(readyMs, Tools.rssMiB(Tools.servicePid(service.port())));
    }

    private static Report.StartUp median(List<Report.StartUp> runs) {
        return runs.stream().sorted(Comparator.comparingLong(Report.StartUp::readyMs)).toList().get(runs.size() / 2);
    }

    /**
     * A training start on {@code java}: to ready, then SIGTERM, and the JVM writes the AOT cache as it exits
     * ({@code -XX:AOTCacheOutput}). What the cache holds is what a start needs. The service is left stopped: the
     * timed starts come next.
     */
    private Path trainAotCache(ServiceProcess service, String java) throws Exception {
        Path cache = work.resolve("aot").resolve(service.name() + ".aot");
        Files.createDirectories(cache.getParent());
        awaitQuietBeforeStart(service.name() + "-service AOT training start");
        service.stop();
        long trainMs = timeToReady(service, () -> service.startOn(java, List.of("-XX:AOTCacheOutput=" + cache)));
        long t0 = System.nanoTime();
        service.stop(Duration.ofMinutes(3));
        require(Files.isRegularFile(cache), service.name() + ": the training run wrote no AOT cache; see " + service.logFile());
        log(String.format("%s-service AOT training start: ready after %d ms, cache of %d MiB written in %d s at exit",
                service.name(), trainMs, Files.size(cache) >> 20, Duration.ofNanos(System.nanoTime() - t0).toSeconds()));
        return cache;
    }

    private static void awaitQuietBeforeStart(String what) throws IOException, InterruptedException {
        long waited = System.nanoTime();
        double busy = Tools.awaitQuiet(Tools.QUIET_SHARE, Duration.ofMinutes(5));
        log(String.format("%s: machine quiet (%.0f %% busy) after %d s", what, busy * 100,
                Duration.ofNanos(System.nanoTime() - waited).toSeconds()));
    }

    /** Runs {@code start} and polls /q/health/ready every 5 ms: ms from the call to the first 200. */
    private static long timeToReady(ServiceProcess service, Runnable start) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long t0 = System.nanoTime();
        start.run();
        long deadline = t0 + Duration.ofMinutes(2).toNanos();
        while (true) {
            require(System.nanoTime() < deadline && service.isAlive(), service.name() + " did not get ready again");
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        return ms(System.nanoTime() - t0);
    }

    /** CPU seconds used so far by each process that shares the machine during a run. */
    Map<String, Double> cpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        for (String s : Platform.SERVICES) {
            cpu.put(s + "-service", Tools.cpuSeconds(Tools.servicePid(platform.service(s).port()), true, false));
        }
        long postmaster = Tools.postmasterPid(work);
        double pg = postmaster < 0 ? 0 : Tools.cpuSeconds(postmaster, true, true);
        if (postmaster >= 0) {
            pg += ProcessHandle.of(postmaster).map(h -> h.descendants().mapToDouble(d -> Tools.cpuSeconds(d.pid(), true, true)).sum())
                    .orElse(0.0);
        }
        cpu.put("postgresql", pg);
        long self = ProcessHandle.current().pid();
        cpu.put("harness JVM (Kafka, SMTP, provider stub)", Tools.cpuSeconds(self, true, false));
        cpu.put("load generator and limit servers (wrk, pgbench, nginx)", Tools.cpuSeconds(self, false, true));
        cpu.put(Report.MACHINE_CPU, Tools.machineCpuSeconds());
        cpu.put(Report.WINDOW, System.nanoTime() / 1e9);
        return cpu;
    }

    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> d = new LinkedHashMap<>();
        after.forEach((k, v) -> d.put(k, Math.max(0, v - before.getOrDefault(k, 0.0))));
        return d;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    Measurement wrk(String url, int connections, Duration duration, Path script, List<String> headers, List<String> scriptArgs) {
        List<String> command = new ArrayList<>(List.of(wrk, "-t" + Math.min(THREADS, connections), "-c" + connections,
                "-d" + duration.toSeconds() + "s", "--latency", "-s", script.toString()));
        for (String h : headers) {
            command.add("-H");
            command.add(h);
        }
        command.add(url);
        if (!scriptArgs.isEmpty()) {
            command.add("--");
            command.addAll(scriptArgs);
        }
        log("wrk -c" + connections + " " + duration.toSeconds() + "s " + url + " " + headers);
        String output = Tools.run(command, Map.of());
        // Kept for a look at what wrk saw (its error counts split by status and socket) when a figure is odd.
        Tools.write(work.resolve("wrk/output-" + (++wrkRuns) + ".txt"), String.join(" ", command) + "\n" + output);
        String statuses = findOptional(output, "BENCHSTATUS (\\{.+})");
        if (statuses != null && !statuses.equals("{}")) {
            report.note("wrk run " + wrkRuns + " (-c" + connections + ", " + duration.toSeconds() + " s, " + url
                    + "; target/bench-data/wrk/output-" + wrkRuns + ".txt): non-2xx answers by status " + statuses);
        }
        return Measurement.fromWrk(url, connections, output);
    }

    private static int status(String url, List<String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(h -> b.header(h.substring(0, h.indexOf(':')), h.substring(h.indexOf(':') + 1).trim()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        require(r.statusCode() == 200, url + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    static String find(String text, String regex) {
        String found = findOptional(text, regex);
        require(found != null, "no match for " + regex + " in:\n" + text);
        return found;
    }

    private static String findOptional(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    static void log(String message) {
        System.out.println(Instant.now() + " bench: " + message);
    }
}
