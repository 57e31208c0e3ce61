package io.ganzoo.trainer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The pointwise dynamics of a GAN objective as a vector field. At one point x of the data space, with real density
 * {@code p_d} there, D's value {@code D} and the generated density {@code p_g} follow gradient flow on
 * {@code J = p_d f1(D) + p_g f2(D)} (D ascends) and G moves mass towards where {@code f3(D)} is above its value at the
 * equilibrium discriminator {@code D0}:
 *
 * <pre>
 *   dD/dt   = p_d f1'(D) + p_g f2'(D)
 *   dp_g/dt = f3(D) - f3(D0)
 * </pre>
 *
 * A rest point has {@code D = D0} and {@code p_g = -p_d f1'(D0) / f2'(D0)}; its local stability is read from the
 * eigenvalues of the Jacobian there. Pure Java: no engine is needed.
 */
public final class Dynamics {
    /**
     * An objective in this form.
     *
     * @param name   what it is called
     * @param f1     D's reward on real data
     * @param f2     D's reward on generated data
     * @param f3     G's reward
     * @param lo     smallest D (exclusive for probabilities)
     * @param hi     largest D
     * @param d0     the equilibrium discriminator value: where {@code f1' + f2' = 0} (or, when every D is, the chosen one)
     */
    public record Objective(
            String name,
            DoubleUnaryOperator f1,
            DoubleUnaryOperator f2,
            DoubleUnaryOperator f3,
            double lo,
            double hi,
            double d0) {}

    /** Minimax (Goodfellow et al. 2014): f1 = log D, f2 = log(1 - D), G ascends -log(1 - D). D0 = 1/2. */
    public static final Objective MINIMAX =
            new Objective("minimax", Math::log, d -> Math.log(1 - d), d -> -Math.log(1 - d), 0, 1, 0.5);
    /** Non-saturating: as minimax, but G ascends log D. */
    public static final Objective NON_SATURATING =
            new Objective("non-saturating", Math::log, d -> Math.log(1 - d), Math::log, 0, 1, 0.5);
    /** Wasserstein: f1 = D, f2 = -D, f3 = D; any D balances, and the offset is arbitrary: D0 = 0. */
    public static final Objective WASSERSTEIN = new Objective("wasserstein", d -> d, d -> -d, d -> d, -10, 10, 0);
    /** f1 = -D^2/2, f2 = D, f3 = -D: D0 = 1. */
    public static final Objective QUADRATIC =
            new Objective("quadratic (f1 = -x^2/2, f2 = x, f3 = -x)", d -> -d * d / 2, d -> d, d -> -d, -10, 10, 1);

    /** The four objectives of the analysis, in order. */
    public static final List<Objective> ALL = List.of(MINIMAX, NON_SATURATING, WASSERSTEIN, QUADRATIC);

    private static final double H = 1e-5;

    private Dynamics() {}

    static double derivative(DoubleUnaryOperator f, double x) {
        return (f.applyAsDouble(x + H) - f.applyAsDouble(x - H)) / (2 * H);
    }

    /** {@code (dD/dt, dp_g/dt)} at {@code (d, pg)}. */
    public static double[] field(Objective o, double pd, double d, double pg) {
        return new double[] {
            pd * derivative(o.f1(), d) + pg * derivative(o.f2(), d),
            o.f3().applyAsDouble(d) - o.f3().applyAsDouble(o.d0())
        };
    }

    /** The rest point {@code (D0, p_g*)}. */
    public static double[] restPoint(Objective o, double pd) {
        double d = o.d0();
        return new double[] {d, -pd * derivative(o.f1(), d) / derivative(o.f2(), d)};
    }

    /** Jacobian of the field at {@code (d, pg)}, by central differences: {@code [[dD'/dD, dD'/dpg], [dp'/dD, dp'/dpg]]}. */
    public static double[][] jacobian(Objective o, double pd, double d, double pg) {
        double h = 1e-4;
        double[] a = field(o, pd, d + h, pg);
        double[] b = field(o, pd, d - h, pg);
        double[] c = field(o, pd, d, pg + h);
        double[] e = field(o, pd, d, pg - h);
        return new double[][] {
            {(a[0] - b[0]) / (2 * h), (c[0] - e[0]) / (2 * h)}, {(a[1] - b[1]) / (2 * h), (c[1] - e[1]) / (2 * h)}
        };
    }

    /** Eigenvalues of a 2x2 matrix as {@code {re1, im1, re2, im2}}. */
    public static double[] eigenvalues(double[][] m) {
        double tr = m[0][0] + m[1][1];
        double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
        double disc = tr * tr / 4 - det;
        if (disc >= 0) {
            double s = Math.sqrt(disc);
            return new double[] {tr / 2 + s, 0, tr / 2 - s, 0};
        }
        double s = Math.sqrt(-disc);
        return new double[] {tr / 2, s, tr / 2, -s};
    }

    /** Local behaviour at a rest point from its eigenvalues. */
    public enum Stability {
        STABLE_NODE,
        STABLE_SPIRAL,
        CENTER,
        UNSTABLE,
        SADDLE
    }

    /** Classifies eigenvalues {@code {re1, im1, re2, im2}}; real parts within {@code 1e-6} of 0 count as 0. */
    public static Stability classify(double[] ev) {
        double eps = 1e-6;
        if (Math.abs(ev[1]) > eps) {
            return ev[0] < -eps ? Stability.STABLE_SPIRAL : ev[0] > eps ? Stability.UNSTABLE : Stability.CENTER;
        }
        if (ev[0] < -eps && ev[2] < -eps) {
            return Stability.STABLE_NODE;
        }
        if (ev[0] * ev[2] < 0) {
            return Stability.SADDLE;
        }
        return ev[0] > eps || ev[2] > eps ? Stability.UNSTABLE : Stability.CENTER;
    }

    /** A trajectory from {@code (d, pg)}: {@code steps} RK4 steps of {@code dt}, stopping if it leaves the domain. */
    public static List<double[]> trajectory(Objective o, double pd, double d, double pg, double dt, int steps) {
        List<double[]> path = new ArrayList<>();
        double[] s = {d, pg};
        path.add(s.clone());
        for (int i = 0; i < steps; i++) {
            double[] k1 = field(o, pd, s[0], s[1]);
            double[] k2 = field(o, pd, s[0] + dt / 2 * k1[0], s[1] + dt / 2 * k1[1]);
            double[] k3 = field(o, pd, s[0] + dt / 2 * k2[0], s[1] + dt / 2 * k2[1]);
            double[] k4 = field(o, pd, s[0] + dt * k3[0], s[1] + dt * k3[1]);
            s = new double[] {
                s[0] + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]),
                s[1] + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
            };
            if (!(s[0] > o.lo() && s[0] < o.hi()) || !Double.isFinite(s[1])) {
                break;
            }
            path.add(s.clone());
        }
        return path;
    }

    /** One line of the analysis: rest point, Jacobian eigenvalues, verdict. */
    public static String describe(Objective o, double pd) {
        double[] r = restPoint(o, pd);
        double[] ev = eigenvalues(jacobian(o, pd, r[0], r[1]));
        return String.format(
                Locale.ROOT,
                "%s: rest point D = %.3f, p_g = %.3f; eigenvalues %.3f%+.3fi, %.3f%+.3fi: %s",
                o.name(),
                r[0],
                r[1],
                ev[0],
                ev[1],
                ev[2],
                ev[3],
                classify(ev).name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }
}
