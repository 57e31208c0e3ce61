package io.ganzoo.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A choice of the training configuration ({@link Family}, {@link ObjectiveType}, {@link Lipschitz},
 * {@link OptimizerType}) with the lower-case name it has on the command line, in {@code run-args.json}, in checkpoints
 * and in the exported model's metadata: the constant's name in lower case with {@code -} for {@code _}
 * ({@code NON_SATURATING} is {@code non-saturating}). Those names are published: never rename a constant.
 */
public interface WireName {

    /** The constant's Java name ({@link Enum#name}). */
    String name();

    /** The name on the command line and in saved files, e.g. {@code non-saturating}. */
    default String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What the choice is called in messages: {@code family} for {@link Family}, {@code objective} for {@link ObjectiveType}. */
    static String label(Class<?> type) {
        return type.getSimpleName().replaceAll("Type$", "").toLowerCase(Locale.ROOT);
    }

    /** The wire names of every constant of {@code type}, in declaration order. */
    static <E extends Enum<E> & WireName> List<String> names(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(e.wireName());
        }
        return out;
    }

    /**
     * The constant of {@code type} whose wire name is {@code name}.
     *
     * @throws IllegalArgumentException naming the choice, the valid names and what was found
     */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(label(type) + ": expected one of " + names(type) + ", found " + name);
    }
}
