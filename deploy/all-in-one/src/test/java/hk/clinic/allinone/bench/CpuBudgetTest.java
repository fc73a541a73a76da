package hk.clinic.allinone.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The report's CPU ceiling: what everything but the service under test leaves of the machine's CPUs. */
class CpuBudgetTest {

    /** The 32-connection writes run of the committed 2026-12-03 report (bench-results/2026-12-03-2cpu-24gib). */
    private static Map<String, Double> cpu(double booking, double notification, double postgres, double harness, double load) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("booking-service", booking);
        cpu.put("content-service", 0.0);
        cpu.put("notification-service", notification);
        cpu.put("postgresql", postgres);
        cpu.put("harness JVM (Kafka, SMTP, provider stub)", harness);
        cpu.put("load generator and limit servers (wrk, pgbench, nginx)", load);
        return cpu;
    }

    private static Measurement run(long requests, double seconds) {
        return new Measurement("run", 32, requests, seconds, 0, 0, 0, Map.of());
    }

    @Test
    void ceilingIsWhatTheRestOfTheMachineLeavesAtItsCostPerRequest() {
        var pair = new Report.Pair("registrationWrites", "registration POST, 32 connections", "32 conns", "booking-service",
                "same SQL via pgbench", run(17512, 15), run(54884, 15), cpu(11.1, 3.4, 12.3, 2.7, 1.2),
                cpu(0.0, 0.1, 24.4, 0.3, 4.5));

        Report.CpuBudget budget = Report.CpuBudget.of(pair, 2);

        assertNotNull(budget);
        assertEquals(30.7 / 30, budget.busyShare(), 1e-9);
        assertEquals(1000 * 11.1 / 17512, budget.ownMsPerRequest(), 1e-9);
        assertEquals(1000 * 19.6 / 17512, budget.restMsPerRequest(), 1e-9);
        // 2 CPUs / 1.119 ms = 1787 registrations/s, against pgbench's 3659/s.
        assertEquals(1787, budget.ceilingThroughput(), 1);
        assertEquals(0.488, budget.ceilingRatio(), 0.001);
    }

    @Test
    void theWholeMachinesCpuIsTheTotalWhenTheRunMeasuredIt() {
        Map<String, Double> serviceCpu = cpu(12.9, 3.5, 11.3, 3.6, 1.6);
        serviceCpu.put(Report.MACHINE_CPU, 29.0);
        serviceCpu.put(Report.WINDOW, 16.0);
        var pair = new Report.Pair("registrationWrites", "registration POST, 32 connections", "32 conns", "booking-service",
                "same SQL via pgbench", run(16530, 15), run(56925, 15), serviceCpu, cpu(0.1, 0.3, 25.8, 0.7, 3.2));

        Report.CpuBudget budget = Report.CpuBudget.of(pair, 2);

        assertNotNull(budget);
        assertEquals(29.0 / 32, budget.busyShare(), 1e-9, "busy over the window, not over wrk's 15 s");
        assertEquals(1000 * (29.0 - 12.9) / 16530, budget.restMsPerRequest(), 1e-9);
        assertEquals(2 / ((29.0 - 12.9) / 16530) / (56925 / 15.0), budget.ceilingRatio(), 1e-9);
    }

    @Test
    void noCeilingWhenTheRunLeftCpuIdleOrTheLimitIsTheSameService() {
        var idle = new Report.Pair("registrationWrites", "registration POST, 8 connections", "8 conns", "booking-service",
                "same SQL via pgbench", run(5000, 15), run(50000, 15), cpu(5, 1, 6, 1, 1), cpu(0, 0, 20, 0, 4));
        assertNull(Report.CpuBudget.of(idle, 2), "a run at 47 % of the CPUs is not bound by them");

        var growth = new Report.Pair("growth", "registration POST, 32 connections, 1 M vs 10 k stored", "32 conns",
                "booking-service, 1 M stored", "booking-service, 10 k stored", run(17941, 15), run(17891, 15),
                cpu(12.3, 4.1, 15.3, 2.6, 1.4), cpu(12.2, 4.0, 15.6, 2.6, 1.4));
        assertNull(Report.CpuBudget.of(growth, 2));
    }
}
