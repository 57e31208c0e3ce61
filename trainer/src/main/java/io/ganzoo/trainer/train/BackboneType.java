package io.ganzoo.trainer.train;

import io.ganzoo.trainer.nn.Backbone;
import io.ganzoo.trainer.nn.DcganBackbone;
import io.ganzoo.trainer.nn.ResnetBackbone;

import java.util.List;

/**
 * The architecture of a run's networks ({@code --backbone}): the registry of {@link Backbone}s. A new architecture is
 * one class implementing {@link Backbone} and one constant here; its wire name is published with the first model
 * trained with it.
 */
public enum BackboneType implements WireName {
    /** The DCGAN networks (Radford et al. 2016), 28x28 and 64x64. */
    DCGAN(new DcganBackbone()),
    /** Residual networks (Gulrajani et al. 2017, Miyato et al. 2018, Brock et al. 2019), 28x28 and 64x64. */
    RESNET(new ResnetBackbone());

    private final Backbone backbone;

    BackboneType(Backbone backbone) {
        this.backbone = backbone;
    }

    /** The architecture's networks. */
    public Backbone backbone() {
        return backbone;
    }

    /** The backbone called {@code name} ({@code dcgan}, {@code resnet}); the error lists the valid names. */
    public static BackboneType parse(String name) {
        return WireName.parse(BackboneType.class, name);
    }

    /** Every backbone's wire name. */
    public static List<String> names() {
        return WireName.names(BackboneType.class);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
