package io.ganzoo.trainer.nn;

import java.util.List;

/** The DCGAN networks of {@link Dcgan} (Radford et al. 2016) as a {@link Backbone}: 28x28 and 64x64 images. */
public final class DcganBackbone implements Backbone {

    @Override
    public boolean supports(int height, int width) {
        return height == width && (height == 28 || height == 64);
    }

    @Override
    public String sizes() {
        return "28x28 or 64x64";
    }

    @Override
    public List<Layer> generator(int inputs, int channels, int height, int width, int ngf) {
        return height == 28 ? Dcgan.generator28(ngf, channels) : Dcgan.generator64(ngf, channels);
    }

    @Override
    public List<Layer> discriminator(int channels, int height, int width, int ndf, boolean batchNorm) {
        return height == 28 ? Dcgan.discriminator28(ndf, batchNorm) : Dcgan.discriminator64(ndf, batchNorm);
    }
}
