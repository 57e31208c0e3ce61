package io.ganzoo.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D transposed convolution (square kernel, groups 1, dilation 1, no output padding) built from differentiable
 * ops, because DJL's {@code Conv2dTranspose} has no PyTorch-engine implementation in DJL 0.35.1.
 *
 * <p>Semantics and weight layout {@code (Cin, Cout, k, k)} are those of {@code torch.nn.ConvTranspose2d} and ONNX
 * {@code ConvTranspose}, so weights export unchanged. The common DCGAN case k=4, s=2, p=1 uses a polyphase
 * decomposition (2x2 convolutions interleaved), measured 1.6x faster than zero insertion; other settings use
 * zero insertion followed by a stride-1 convolution with the flipped kernel.
 */
public final class ConvTranspose2d extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param filters output channels
     * @param kernel  kernel size (square)
     * @param stride  stride, at least 1
     * @param padding padding removed from each border of the full output, {@code 0 <= padding < kernel}
     * @param useBias whether to add a per-channel bias
     */
    public ConvTranspose2d(int filters, int kernel, int stride, int padding, boolean useBias) {
        super(VERSION);
        if (filters <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException(
                    "ConvTranspose2d: expected filters, kernel, stride > 0 and 0 <= padding < kernel,"
                            + " found filters=" + filters + " kernel=" + kernel + " stride=" + stride + " padding="
                            + padding);
        }
        this.filters = filters;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .build());
        bias = useBias
                ? addParameter(Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .build())
                : null;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    public boolean hasBias() {
        return bias != null;
    }

    @Override
    protected void prepare(Shape[] inputs) {
        weight.setShape(new Shape(inputs[0].get(1), filters, kernel, kernel));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        return new Shape[] {new Shape(x.get(0), filters, outSize(x.get(2)), outSize(x.get(3)))};
    }

    private long outSize(long in) {
        return (in - 1) * stride - 2L * padding + kernel;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        return new NDList(convTranspose2d(x, w, b, stride, padding));
    }

    /**
     * Functional transposed convolution.
     *
     * @param x input {@code (N, Cin, H, W)}
     * @param w weight {@code (Cin, Cout, k, k)}
     * @param b bias {@code (Cout)} or {@code null}
     * @return {@code (N, Cout, (H-1)s-2p+k, (W-1)s-2p+k)}
     */
    public static NDArray convTranspose2d(NDArray x, NDArray w, NDArray b, int s, int p) {
        int k = (int) w.getShape().get(2);
        // The equivalent convolution uses the spatially flipped kernel with in/out channels swapped.
        // Results of ops whose first operand is a parameter land in the parameter's (model-lifetime) manager and
        // would leak every step: move them to the input's per-step manager.
        NDArray wf = w.flip(2, 3);
        wf.attach(x.getManager());
        NDArray bb = null;
        if (b != null) {
            bb = b.reshape(1, -1, 1, 1);
            bb.attach(x.getManager());
        }
        NDArray out;
        if (s == 1) {
            out = Conv2d.conv2d(x, wf.transpose(1, 0, 2, 3), null, new Shape(1, 1), new Shape(k - 1 - p, k - 1 - p))
                    .singletonOrThrow();
        } else if (s == 2 && k == 4 && p == 1) {
            out = polyphase(x, wf);
        } else {
            out = zeroInsertion(x, wf, s, p, k);
        }
        return bb == null ? out : out.add(bb);
    }

    /**
     * k4/s2/p1 as its four phases: output pixel (2m+a, 2n+c) is a 2x2 convolution with the flipped kernel's taps
     * {@code [a::2, c::2]} over input rows {@code m+a-1 .. m+a} and columns {@code n+c-1 .. n+c}. The four phase
     * kernels come from one reshape and transpose of the kernel (strided slices of it would each cost a zero-filled
     * full-size buffer in the backward pass), and the phases are interleaved by two stacks and a reshape.
     *
     * <p>Two ways to run the phases, chosen by shape (measured: docs/performance.md):
     * <ul>
     *   <li>one convolution with all {@code 4 Cout} phase kernels over the input padded by 1, whose
     *       {@code (H+1) x (W+1)} output holds every phase at an offset: one large convolution instead of four small
     *       ones, for {@code (H+1)(W+1) / HW} of the multiply-adds. Used when that overhead is at most 35% (inputs
     *       of 7x7 and up) or when there are few output channels (four convolutions of one channel each are slow);</li>
     *   <li>four convolutions, each over the input padded only on the sides its phase reads beyond (top/left
     *       {@code 1-a}/{@code 1-c}, bottom/right {@code a}/{@code c}): exact multiply-adds, for small inputs.</li>
     * </ul>
     */
    private static NDArray polyphase(NDArray x, NDArray wf) {
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        long cin = wf.getShape().get(0);
        long cout = wf.getShape().get(1);
        // flipped tap (a + 2u, c + 2v): split each kernel axis into (u, a) and gather (a, c) in front
        NDArray kernels = wf.reshape(cin, cout, 2, 2, 2, 2) // (Cin, Cout, u, a, v, c)
                .transpose(3, 5, 1, 0, 2, 4) // (a, c, Cout, Cin, u, v)
                .reshape(4 * cout, cin, 2, 2); // phase (a, c) = rows (2a + c) Cout ..
        boolean single = (h + 1) * (wd + 1) * 100 <= 135 * h * wd || cout < 16;
        NDList phases;
        if (single) {
            NDArray all = Conv2d.conv2d(x, kernels, null, new Shape(1, 1), new Shape(1, 1))
                    .singletonOrThrow();
            phases = all.split(4, 1); // (N, Cout, H+1, W+1) each
        } else {
            phases = kernels.split(4, 0); // (Cout, Cin, 2, 2) each
        }
        NDList rows = new NDList(2);
        for (int a = 0; a < 2; a++) {
            NDList cols = new NDList(2);
            for (int c = 0; c < 2; c++) {
                NDArray phase;
                if (single) {
                    phase = phases.get(a * 2 + c).get(new NDIndex(":, :, {}:{}, {}:{}", a, a + h, c, c + wd));
                } else {
                    NDArray xs = x.pad(new Shape(1 - c, c, 1 - a, a), 0); // (left, right, top, bottom)
                    phase = Conv2d.conv2d(xs, phases.get(a * 2 + c)).singletonOrThrow();
                }
                cols.add(phase); // (N, Cout, H, W)
            }
            rows.add(NDArrays.stack(cols, 4)); // (N, Cout, H, W, 2)
        }
        NDArray out = NDArrays.stack(rows, 3); // (N, Cout, H, 2, W, 2)
        Shape os = out.getShape();
        return out.reshape(os.get(0), os.get(1), 2 * h, 2 * wd);
    }

    private static NDArray zeroInsertion(NDArray x, NDArray wf, int s, int p, int k) {
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        long h = x.getShape().get(2);
        long wd = x.getShape().get(3);
        NDList alongW = new NDList(s);
        alongW.add(x);
        for (int i = 1; i < s; i++) {
            alongW.add(x.zerosLike());
        }
        NDArray z = NDArrays.stack(alongW, 4).reshape(n, c, h, wd * s);
        NDList alongH = new NDList(s);
        alongH.add(z);
        for (int i = 1; i < s; i++) {
            alongH.add(z.zerosLike());
        }
        z = NDArrays.stack(alongH, 3).reshape(n, c, h * s, wd * s);
        z = z.get(new NDIndex(":, :, :{}, :{}", (h - 1) * s + 1, (wd - 1) * s + 1));
        return Conv2d.conv2d(z, wf.transpose(1, 0, 2, 3), null, new Shape(1, 1), new Shape(k - 1 - p, k - 1 - p))
                .singletonOrThrow();
    }
}
