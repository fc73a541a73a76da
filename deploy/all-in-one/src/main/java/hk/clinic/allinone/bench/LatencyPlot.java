package hk.clinic.allinone.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** A latency percentile curve (service vs limit) drawn with Java2D, so the report needs no network or plotting tool. */
final class LatencyPlot {

    private static final List<String> PERCENTILES = Measurement.PERCENTILES;
    private static final int W = 800;
    private static final int H = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private LatencyPlot() {
    }

    static void write(Path file, Report.Pair pair) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double max = 0;
        for (String q : PERCENTILES) {
            max = Math.max(max, Math.max(value(pair.service(), q), value(pair.limit(), q)));
        }
        max = max <= 0 ? 1 : max * 1.1;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(pair.figure() + ": latency by percentile", LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
        for (int i = 0; i <= 5; i++) {
            double v = max * i / 5;
            int y = y(v, max);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT + 1, y, W - RIGHT, y);
            g.setColor(Color.BLACK);
            g.drawString(max >= 50 ? String.format("%.0f", v) : String.format("%.2f", v), 10, y + 4);
        }
        g.drawString("ms", 10, TOP - 10);
        for (int i = 0; i < PERCENTILES.size(); i++) {
            g.drawString("p" + PERCENTILES.get(i), x(i) - 15, H - BOTTOM + 20);
        }
        curve(g, pair.service(), max, new Color(31, 119, 180), pair.serviceName(), pair.load(), 0);
        curve(g, pair.limit(), max, new Color(214, 39, 40), pair.limitName(), pair.load(), 1);
        g.dispose();
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void curve(Graphics2D g, Measurement m, double max, Color color, String name, String load, int legendRow) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2.5f));
        int px = -1;
        int py = -1;
        for (int i = 0; i < PERCENTILES.size(); i++) {
            if (Double.isNaN(m.p(PERCENTILES.get(i)))) {
                continue; // too few samples for this percentile
            }
            int x = x(i);
            int y = y(value(m, PERCENTILES.get(i)), max);
            g.fillOval(x - 3, y - 3, 7, 7);
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            }
            px = x;
            py = y;
        }
        g.drawString(String.format("%s (%s): %.0f /s, %d samples", name, load, m.throughput(), m.requests()),
                LEFT + 20, TOP + 12 + legendRow * 16);
        g.setStroke(new BasicStroke(1f));
    }

    private static double value(Measurement m, String q) {
        double v = m.p(q);
        return Double.isNaN(v) ? 0 : v;
    }

    private static int x(int i) {
        return LEFT + 30 + i * (W - LEFT - RIGHT - 60) / (PERCENTILES.size() - 1);
    }

    private static int y(double v, double max) {
        return (int) Math.round(H - BOTTOM - v / max * (H - TOP - BOTTOM));
    }
}
