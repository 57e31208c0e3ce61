package io.ganzoo.trainer.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamicsTest {
    static final double PD = 1.0;

    static double[] ev(Dynamics.Objective o) {
        double[] r = Dynamics.restPoint(o, PD);
        return Dynamics.eigenvalues(Dynamics.jacobian(o, PD, r[0], r[1]));
    }

    @Test
    void classicAndNonSaturatingAreLocallyStableAtTheDataWithDOneHalf() {
        for (Dynamics.Objective o : List.of(Dynamics.MINIMAX, Dynamics.NON_SATURATING)) {
            double[] r = Dynamics.restPoint(o, PD);
            assertEquals(0.5, r[0], 1e-9);
            assertEquals(PD, r[1], 1e-6, "p_g = p_d");
            double[] ev = ev(o);
            // Jacobian [[-8 p_d, -2], [2, 0]]: eigenvalues -4 +- sqrt(12), both negative.
            assertEquals(-4 + Math.sqrt(12), ev[0], 1e-4, o.name());
            assertEquals(-4 - Math.sqrt(12), ev[2], 1e-4, o.name());
            assertEquals(Dynamics.Stability.STABLE_NODE, Dynamics.classify(ev), o.name());
            // ...and a trajectory from nearby ends at the rest point.
            List<double[]> path = Dynamics.trajectory(o, PD, 0.7, 1.4, 0.01, 3000);
            double[] end = path.get(path.size() - 1);
            assertEquals(0.5, end[0], 1e-3);
            assertEquals(1.0, end[1], 1e-3);
        }
    }

    @Test
    void theWassersteinFieldCirclesAroundDZero() {
        double[] ev = ev(Dynamics.WASSERSTEIN);
        assertEquals(0, ev[0], 1e-6);
        assertEquals(1, Math.abs(ev[1]), 1e-6, "eigenvalues +-i");
        assertEquals(Dynamics.Stability.CENTER, Dynamics.classify(ev));
        // The orbit keeps its distance from (0, p_d): D^2 + (p_g - p_d)^2 is conserved, round after round.
        List<double[]> path = Dynamics.trajectory(Dynamics.WASSERSTEIN, PD, 0.5, 1.0, 0.001, 20_000);
        for (double[] p : path) {
            assertEquals(0.25, p[0] * p[0] + (p[1] - PD) * (p[1] - PD), 1e-6);
        }
        double minD = path.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        assertTrue(minD < -0.49, "goes round: D reaches " + minD);
    }

    @Test
    void theQuadraticObjectiveIsStableAtDOne() {
        double[] r = Dynamics.restPoint(Dynamics.QUADRATIC, PD);
        assertEquals(1, r[0], 1e-9);
        assertEquals(PD, r[1], 1e-6);
        double[] ev = ev(Dynamics.QUADRATIC);
        // Jacobian [[-p_d, 1], [-1, 0]]: -1/2 +- i sqrt(3)/2.
        assertEquals(-0.5, ev[0], 1e-4);
        assertEquals(Math.sqrt(3) / 2, Math.abs(ev[1]), 1e-4);
        assertEquals(Dynamics.Stability.STABLE_SPIRAL, Dynamics.classify(ev));
        List<double[]> path = Dynamics.trajectory(Dynamics.QUADRATIC, PD, 2, 0.2, 0.01, 5000);
        double[] end = path.get(path.size() - 1);
        assertEquals(1, end[0], 1e-4);
        assertEquals(1, end[1], 1e-4);
    }

    @Test
    void classificationCoversEveryCase() {
        assertEquals(Dynamics.Stability.SADDLE, Dynamics.classify(Dynamics.eigenvalues(new double[][] {{1, 0}, {0, -1}
        })));
        assertEquals(Dynamics.Stability.UNSTABLE, Dynamics.classify(Dynamics.eigenvalues(new double[][] {{1, -1}, {1, 1}
        })));
        assertTrue(
                Dynamics.describe(Dynamics.MINIMAX, 1).contains("stable node"), Dynamics.describe(Dynamics.MINIMAX, 1));
    }

    @Test
    void portraitsAreDrawn() {
        var p = PhasePortrait.draw(Dynamics.WASSERSTEIN, PD, 200, 10);
        assertEquals(200, p.width());
        byte[] px = p.pixels();
        int coloured = 0;
        for (int i = 0; i < px.length; i += 3) {
            coloured += (px[i] != px[i + 1] || px[i + 1] != px[i + 2]) ? 1 : 0;
        }
        assertTrue(coloured > 500, "trajectories drawn: " + coloured);
    }
}
