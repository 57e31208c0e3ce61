package io.ganzoo.trainer.metrics;

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method: slow for large matrices but exact to
 * rounding and short, which is all the Frechet distance of 128-dimensional features needs.
 *
 * @param values  eigenvalues (unsorted)
 * @param vectors eigenvectors as columns, d x d row major
 */
record SymmetricEigen(double[] values, double[] vectors) {

    static double[] eigenvalues(double[] m, int d) {
        return of(m, d).values();
    }

    static SymmetricEigen of(double[] m, int d) {
        double[] a = m.clone();
        double[] v = new double[d * d];
        for (int i = 0; i < d; i++) {
            v[i * d + i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double total = 0;
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    double x = a[p * d + q] * a[p * d + q];
                    total += x;
                    if (p != q) {
                        off += x;
                    }
                }
            }
            if (off <= 1e-22 * total || off == 0) {
                break;
            }
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    double apq = a[p * d + q];
                    if (apq == 0) {
                        continue;
                    }
                    double theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < d; k++) { // rotate columns p and q
                        double akp = a[k * d + p];
                        double akq = a[k * d + q];
                        a[k * d + p] = c * akp - s * akq;
                        a[k * d + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) { // rotate rows p and q
                        double apk = a[p * d + k];
                        double aqk = a[q * d + k];
                        a[p * d + k] = c * apk - s * aqk;
                        a[q * d + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++) {
                        double vkp = v[k * d + p];
                        double vkq = v[k * d + q];
                        v[k * d + p] = c * vkp - s * vkq;
                        v[k * d + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = a[i * d + i];
        }
        return new SymmetricEigen(values, v);
    }
}
