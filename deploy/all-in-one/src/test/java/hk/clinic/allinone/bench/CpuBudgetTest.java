package hk.clinic.allinone.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's CPU ceiling: what everything but the service under test leaves of the machine's CPUs. */
class CpuBudgetTest {

    private static Map<String, Double> cpu(double booking, double notification, double postgres, double harness,
                                           double load, double machine, double window) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("booking-service", booking);
        cpu.put("content-service", 0.0);
        cpu.put("notification-service", notification);
        cpu.put("postgresql", postgres);
        cpu.put("harness JVM (Kafka, SMTP, provider stub)", harness);
        cpu.put("load generator and limit servers (wrk, pgbench, nginx)", load);
        cpu.put(Report.MACHINE_CPU, machine);
        cpu.put(Report.WINDOW, window);
        return cpu;
    }

    private static Measurement run(long requests, double seconds) {
        return new Measurement("run", 32, requests, seconds, 0, 0, 0, Map.of());
    }

    private static Report.Pair writes(String figure, Map<String, Double> serviceCpu, long requests, long limitRequests) {
        return new Report.Pair("registrationWrites", figure, "32 conns", "booking-service", "same SQL via pgbench",
                run(requests, 15.068), run(limitRequests, 15.036), serviceCpu, cpu(0.07, 0.17, 25.72, 0.68, 3.19, 30.3, 15.21));
    }

    /** The 32-connection row of bench-results/2026-12-07-2cpu-24gib-writes-budget. */
    @Test
    void ceilingIsWhatTheRestOfTheMachineLeavesAtItsCostPerRequest() {
        var pair = writes("registration POST, 32 connections", cpu(13.14, 3.27, 12.34, 3.31, 1.42, 34.0, 17.23), 14583, 52157);

        Report.CpuBudget budget = Report.CpuBudget.of(pair, 2);

        assertNotNull(budget);
        assertEquals(34.0 / (2 * 17.23), budget.busyShare(), 1e-9, "busy over the readings' window, not wrk's 15 s");
        assertEquals(1000 * 13.14 / 14583, budget.ownMsPerRequest(), 1e-9);
        // The rest is the whole machine less booking, not the sum of the listed processes (33.5 here).
        assertEquals(1000 * (34.0 - 13.14) / 14583, budget.restMsPerRequest(), 1e-9);
        // 2 CPUs / 1.430 ms = 1398 registrations/s, against pgbench's 3469/s.
        assertEquals(1398, budget.ceilingThroughput(), 1);
        assertEquals(0.403, budget.ceilingRatio(), 0.001);
    }

    @Test
    void noCeilingWhenTheRunLeftCpuIdleOrTheMachineWasNotRead() {
        var idle = writes("registration POST, 8 connections", cpu(5, 1, 6, 1, 1, 14, 15.5), 5000, 50000);
        assertNull(Report.CpuBudget.of(idle, 2), "a run at 45 % of the CPUs is not bound by them");

        var unread = writes("registration POST, 32 connections", cpu(13.14, 3.27, 12.34, 3.31, 1.42, Double.NaN, 17.23),
                14583, 52157);
        assertNull(Report.CpuBudget.of(unread, 2));
    }

    @Test
    void noCeilingWhenTheLimitIsTheSameService() {
        var growth = new Report.Pair("growth", "registration POST, 32 connections, 1 M vs 10 k stored", "32 conns",
                "booking-service, 1 M stored", "booking-service, 10 k stored", run(17941, 15), run(17891, 15),
                cpu(12.3, 4.1, 15.3, 2.6, 1.4, 35.7, 15.4), cpu(12.2, 4.0, 15.6, 2.6, 1.4, 35.8, 15.4));
        assertNull(Report.CpuBudget.of(growth, 2));
    }
}
