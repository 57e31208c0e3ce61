package io.ganzoo.trainer.analysis;

import io.ganzoo.sdk.Picture;

import java.util.Arrays;
import java.util.List;

/**
 * Draws trajectories of {@link Dynamics} in the (D, p_g) plane as an RGB picture: D across, p_g up, thin grey axes
 * through the rest point, the rest point as a black cross, each trajectory in its own colour with a dot at its start.
 */
public final class PhasePortrait {
    private static final int[][] COLOURS = {
        {230, 25, 75},
        {60, 180, 75},
        {0, 130, 200},
        {245, 130, 48},
        {145, 30, 180},
        {70, 240, 240},
        {240, 50, 230},
        {128, 128, 0}
    };

    private PhasePortrait() {}

    /** The window shown for an objective: {dMin, dMax, pgMin, pgMax}. */
    static double[] window(Dynamics.Objective o, double pd) {
        double[] r = Dynamics.restPoint(o, pd);
        if (o.lo() == 0 && o.hi() == 1) {
            return new double[] {0, 1, 0, 2.5 * pd};
        }
        return new double[] {r[0] - 1.5, r[0] + 1.5, Math.max(0, r[1] - 1.5), r[1] + 1.5};
    }

    /** Starting points: eight on a ring around the rest point, inside the window. */
    static double[][] starts(Dynamics.Objective o, double pd) {
        double[] r = Dynamics.restPoint(o, pd);
        double[] w = window(o, pd);
        double rx = 0.4 * Math.min(r[0] - w[0], w[1] - r[0]);
        double ry = 0.4 * Math.min(r[1] - w[2], w[3] - r[1]) * 2;
        double[][] s = new double[8][];
        for (int i = 0; i < 8; i++) {
            double a = 2 * Math.PI * i / 8 + 0.3;
            s[i] = new double[] {
                r[0] + rx * Math.cos(a) * (i % 2 == 0 ? 1 : 2), r[1] + ry * Math.sin(a) * (i % 2 == 0 ? 1 : 0.6)
            };
        }
        return s;
    }

    /** A {@code size x size} portrait of trajectories of {@code time} units from {@link #starts}. */
    public static Picture draw(Dynamics.Objective o, double pd, int size, double time) {
        byte[] px = new byte[size * size * 3];
        Arrays.fill(px, (byte) 255);
        double[] w = window(o, pd);
        double[] r = Dynamics.restPoint(o, pd);
        int rx = x(r[0], w, size);
        int ry = y(r[1], w, size);
        for (int i = 0; i < size; i++) {
            dot(px, size, rx, i, 0, new int[] {200, 200, 200});
            dot(px, size, i, ry, 0, new int[] {200, 200, 200});
        }
        double[][] starts = starts(o, pd);
        int steps = 4000;
        for (int t = 0; t < starts.length; t++) {
            List<double[]> path = Dynamics.trajectory(o, pd, starts[t][0], starts[t][1], time / steps, steps);
            int[] c = COLOURS[t % COLOURS.length];
            for (double[] p : path) {
                dot(px, size, x(p[0], w, size), y(p[1], w, size), 1, c);
            }
            dot(px, size, x(starts[t][0], w, size), y(starts[t][1], w, size), 4, c);
        }
        for (int d = -7; d <= 7; d++) {
            dot(px, size, rx + d, ry + d, 1, new int[] {0, 0, 0});
            dot(px, size, rx + d, ry - d, 1, new int[] {0, 0, 0});
        }
        return Picture.of(px, size, size, 3);
    }

    private static int x(double d, double[] w, int size) {
        return (int) Math.round((d - w[0]) / (w[1] - w[0]) * (size - 1));
    }

    private static int y(double pg, double[] w, int size) {
        return (int) Math.round((1 - (pg - w[2]) / (w[3] - w[2])) * (size - 1));
    }

    private static void dot(byte[] px, int size, int cx, int cy, int radius, int[] c) {
        for (int yy = cy - radius; yy <= cy + radius; yy++) {
            for (int xx = cx - radius; xx <= cx + radius; xx++) {
                if (xx >= 0 && yy >= 0 && xx < size && yy < size) {
                    int o = (yy * size + xx) * 3;
                    px[o] = (byte) c[0];
                    px[o + 1] = (byte) c[1];
                    px[o + 2] = (byte) c[2];
                }
            }
        }
    }
}
