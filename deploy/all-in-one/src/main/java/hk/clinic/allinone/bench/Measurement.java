package hk.clinic.allinone.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One load run's figures, whoever produced them (wrk against a service or the static server, pgbench against
 * PostgreSQL). Latencies in microseconds, keyed by percentile ("50", "99", "99.9").
 */
public record Measurement(String label, int connections, long requests, double seconds, long errors,
                          double meanUs, long maxUs, Map<String, Long> percentilesUs) {

    private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\":([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("\"([0-9.]+)\":([0-9]+)");

    public double throughput() {
        return seconds == 0 ? 0 : requests / seconds;
    }

    public double p(String percentile) {
        Long us = percentilesUs.get(percentile);
        return us == null ? Double.NaN : us / 1000.0;
    }

    static final List<String> PERCENTILES = List.of("50", "75", "90", "95", "99", "99.9", "99.99");

    /**
     * Figures from raw samples (microseconds) that the harness timed itself. A percentile is left out when the
     * samples are too few to tell it from the maximum (p99.9 needs 1 000, p99.99 10 000).
     */
    static Measurement ofSamples(String label, int connections, long[] samplesUs, double seconds, long errors) {
        long[] sorted = samplesUs.clone();
        Arrays.sort(sorted);
        Map<String, Long> percentiles = new LinkedHashMap<>();
        for (String q : PERCENTILES) {
            double quantile = Double.parseDouble(q);
            if (sorted.length > 0 && sorted.length * (100 - quantile) / 100 >= 1) {
                percentiles.put(q, percentile(sorted, quantile));
            }
        }
        double mean = Arrays.stream(sorted).average().orElse(0);
        return new Measurement(label, connections, sorted.length, seconds, errors, mean,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], percentiles);
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Parses the BENCHJSON line our wrk scripts print (see report.lua). */
    static Measurement fromWrk(String label, int connections, String wrkOutput) {
        String line = wrkOutput.lines().filter(l -> l.startsWith("BENCHJSON ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("wrk printed no figures for " + label + ":\n" + wrkOutput));
        int split = line.indexOf("\"percentiles_us\"");
        Map<String, Double> fields = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(line.substring(0, split));
        while (m.find()) {
            fields.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        Map<String, Long> percentiles = new LinkedHashMap<>();
        Matcher p = PERCENTILE.matcher(line.substring(split + "\"percentiles_us\"".length()));
        while (p.find()) {
            String key = p.group(1).endsWith(".0") ? p.group(1).substring(0, p.group(1).length() - 2) : p.group(1);
            percentiles.put(key, Long.parseLong(p.group(2)));
        }
        return new Measurement(label, connections, fields.get("requests").longValue(), fields.get("duration_us") / 1e6,
                fields.get("status_errors").longValue() + fields.get("socket_errors").longValue(),
                fields.get("mean_us"), fields.get("max_us").longValue(), percentiles);
    }

    String toJson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"label\":\"").append(label).append("\",\"connections\":").append(connections)
                .append(",\"requests\":").append(requests).append(",\"seconds\":").append(String.format("%.3f", seconds))
                .append(",\"throughputPerSecond\":").append(String.format("%.1f", throughput()))
                .append(",\"errors\":").append(errors).append(",\"meanUs\":").append(String.format("%.1f", meanUs))
                .append(",\"maxUs\":").append(maxUs).append(",\"percentilesUs\":{");
        String sep = "";
        for (Map.Entry<String, Long> e : percentilesUs.entrySet()) {
            b.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        return b.append("}}").toString();
    }
}
