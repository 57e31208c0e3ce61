package io.ganzoo.trainer.train;

import io.ganzoo.trainer.nn.Backbone;
import io.ganzoo.trainer.nn.Dcgan;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.ResnetBackbone;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backbone registry: dcgan is the default and builds nn.Dcgan's networks, resnet builds nn.ResnetBackbone's; an
 * unknown name or another image size is a clear error.
 */
class BackboneTest {

    @Test
    void dcganIsTheDefaultAndBuildsTheDcganNetworks() {
        assertEquals(List.of("dcgan", "resnet"), BackboneType.names());
        assertEquals(BackboneType.DCGAN, TrainConfig.dcgan().build().backbone());
        assertEquals(BackboneType.DCGAN, TrainConfig.wgan(Lipschitz.GP).build().backbone());
        Backbone b = BackboneType.parse("dcgan").backbone();
        assertTrue(b.supports(28, 28) && b.supports(64, 64));
        assertFalse(b.supports(32, 32) || b.supports(28, 64));
        assertEquals(Dcgan.discriminator28(8, true), b.discriminator(1, 28, 28, 8, true));
        assertEquals(Dcgan.discriminator64(8, false), b.discriminator(3, 64, 64, 8, false));
        assertEquals(
                Dcgan.generator64(8, 3).toString().replaceAll("\\[J@\\w+", ""),
                b.generator(100, 3, 64, 64, 8).toString().replaceAll("\\[J@\\w+", ""));
        assertEquals(
                "backbone: expected one of [dcgan, resnet], found stylegan",
                assertThrows(IllegalArgumentException.class, () -> BackboneType.parse("stylegan"))
                        .getMessage());
    }

    @Test
    void resnetBuildsTheResidualNetworksForTheSameSizes() {
        Backbone b = BackboneType.parse("resnet").backbone();
        assertEquals(BackboneType.RESNET, BackboneType.parse("resnet"));
        assertTrue(b.supports(28, 28) && b.supports(64, 64));
        assertFalse(b.supports(32, 32) || b.supports(28, 64));
        assertEquals(new ResnetBackbone().discriminator(4, 64, 64, 8, false), b.discriminator(4, 64, 64, 8, false));
        assertTrue(b.generator(100, 3, 64, 64, 8).stream().anyMatch(l -> l instanceof Layer.Residual));
        // D never normalises batches, whatever the flag says
        assertEquals(b.discriminator(1, 28, 28, 8, false), b.discriminator(1, 28, 28, 8, true));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GanModel.create(
                        TinyConfigs.tiny(1).toBuilder()
                                .backbone(BackboneType.RESNET)
                                .build(),
                        3,
                        32,
                        32));
        assertTrue(
                e.getMessage().startsWith("the resnet backbone builds networks for 28x28 or 64x64 images, found 32x32"),
                e.getMessage());
    }

    @Test
    void anUnsupportedImageSizeNamesTheBackboneAndItsSizes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> GanModel.create(TinyConfigs.tiny(1), 3, 32, 32));
        assertEquals(
                "the dcgan backbone builds networks for 28x28 or 64x64 images, found 32x32; resize the data"
                        + " (image folders: --image-size 64)",
                e.getMessage());
    }
}
