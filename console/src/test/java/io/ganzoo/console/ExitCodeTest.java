package io.ganzoo.console;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ZooException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one exit-code table of both command lines, and how failures map to it. */
class ExitCodeTest {

    /** A model failure that names its own code (as the trainer's diverged training does). */
    static final class DivergedModel extends ModelException implements ExitCode.Carrier {
        DivergedModel() {
            super(Reason.RUNTIME, "loss is NaN at step 1200");
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.DIVERGED;
        }
    }

    /** An I/O failure that names its own code (as the trainer's engine check does). */
    static final class EngineFailure extends IOException implements ExitCode.Carrier {
        EngineFailure() {
            super("libtorch_cpu.so: cannot open shared object file");
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.ENGINE;
        }
    }

    /** An unchecked exception carrying a code, wrapping a model failure of another one. */
    static final class CarrierWrapper extends IllegalStateException implements ExitCode.Carrier {
        CarrierWrapper(Throwable cause) {
            super("wrapped", cause);
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.DEVICE;
        }
    }

    /** An unchecked wrapper of a model failure, as the sdk's UncheckedModelException is. */
    static final class UncheckedModel extends RuntimeException {
        UncheckedModel(ModelException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Test
    void everyReasonMapsToACodeAndOnlyRuntimeIsLeftAtInternal() {
        for (Reason r : Reason.values()) {
            ExitCode c = ExitCode.of(r);
            assertNotNull(c, r.name());
            assertTrue(c != ExitCode.OK && c != ExitCode.USAGE && c != ExitCode.IO, r + " -> " + c);
            assertEquals(r == Reason.RUNTIME, c == ExitCode.INTERNAL, r + " -> " + c);
            assertEquals(c, ExitCode.of(new ModelException(r, "m")), "a ModelException maps by its reason: " + r);
            assertEquals(c, ExitCode.of(new ZooException(r, "m")), "a ZooException is one: " + r);
        }
        assertEquals(ExitCode.MODEL_NOT_FOUND, ExitCode.of(Reason.NOT_FOUND));
        for (Reason r : new Reason[] {Reason.CHECKSUM, Reason.MALFORMED, Reason.WRONG_KIND, Reason.UNSUPPORTED}) {
            assertEquals(ExitCode.MODEL_UNUSABLE, ExitCode.of(r), r.name());
        }
        assertEquals(ExitCode.REPOSITORY, ExitCode.of(Reason.ACCESS));
        assertEquals(ExitCode.DEVICE, ExitCode.of(Reason.DEVICE));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(Reason.RUNTIME));
    }

    @Test
    void codesAreUniqueAndWithinWhatAShellReportsAsAnExitStatus() {
        Set<Integer> seen = new HashSet<>();
        for (ExitCode c : ExitCode.values()) {
            assertTrue(
                    c.code() >= 0 && c.code() <= 125,
                    c + " = " + c.code() + ": 126..255 mean 'not executable'," + " 'not found' or a signal to a shell");
            assertTrue(seen.add(c.code()), c + " reuses code " + c.code());
            assertFalse(c.description().isBlank(), c.name());
            assertFalse(c.description().contains("\n"), c + ": one line in --help");
        }
        assertEquals(0, ExitCode.OK.code());
        assertEquals(CommandLine.ExitCode.USAGE, ExitCode.USAGE.code(), "picocli's own usage errors exit with USAGE");
        assertEquals(CommandLine.ExitCode.OK, ExitCode.OK.code());
    }

    @Test
    void helpListKeepsTableOrderAndListsOnlyTheCodesGiven() {
        Map<String, String> m =
                ExitCode.helpList(ExitCode.INTERNAL, ExitCode.DEVICE, ExitCode.OK, ExitCode.MODEL_NOT_FOUND);
        assertEquals(
                List.of("0", "3", "8", "70", "129, 130, 143"), new ArrayList<>(m.keySet()), "the signals' codes last");
        assertEquals(ExitCode.OK.description(), m.get("0"));
        assertEquals(ExitCode.MODEL_NOT_FOUND.description(), m.get("3"));
        assertEquals(ExitCode.DEVICE.description(), m.get("8"));
        assertEquals(ExitCode.INTERNAL.description(), m.get("70"));

        assertEquals(
                List.of("0", "2", "129, 130, 143"),
                new ArrayList<>(ExitCode.helpList(ExitCode.USAGE, ExitCode.OK, ExitCode.USAGE)
                        .keySet()),
                "a code given twice is listed once");
        assertTrue(ExitCode.helpList().isEmpty());
        List<String> all = new ArrayList<>();
        for (ExitCode c : ExitCode.values()) {
            all.add(Integer.toString(c.code()));
        }
        all.add("129, 130, 143");
        List<ExitCode> reversed = new ArrayList<>(List.of(ExitCode.values()));
        Collections.reverse(reversed);
        assertEquals(
                all,
                new ArrayList<>(
                        ExitCode.helpList(reversed.toArray(new ExitCode[0])).keySet()));
    }

    @Test
    void aCarrierWinsOverItsReasonAndItsType() {
        assertEquals(
                ExitCode.DIVERGED, ExitCode.of(new DivergedModel()), "not INTERNAL, as its RUNTIME reason would say");
        assertEquals(ExitCode.ENGINE, ExitCode.of(new EngineFailure()), "not IO");
        assertEquals(
                ExitCode.DEVICE,
                ExitCode.of(new CarrierWrapper(new ModelException(Reason.CHECKSUM, "x"))),
                "not its cause's code, nor USAGE for an IllegalStateException");
    }

    @Test
    void wrappersAreLookedThroughAtAnyDepth() {
        ModelException checksum = new ModelException(Reason.CHECKSUM, "bytes differ");
        RuntimeException twice = new RuntimeException(
                new java.util.concurrent.CompletionException(new RuntimeException("unchecked", checksum)));
        assertEquals(ExitCode.MODEL_UNUSABLE, ExitCode.of(twice));
        assertEquals(ExitCode.IO, ExitCode.of(new RuntimeException(new java.io.IOException("disk"))));
        class Diverged extends RuntimeException implements ExitCode.Carrier {
            @Override
            public ExitCode exitCode() {
                return ExitCode.DIVERGED;
            }
        }
        assertEquals(ExitCode.DIVERGED, ExitCode.of(new RuntimeException("wrapped", new Diverged())));
        // an IllegalArgumentException is the thrower's verdict, whatever caused it (a record that would not parse)
        assertEquals(
                ExitCode.USAGE,
                ExitCode.of(new IllegalArgumentException("damaged", new RuntimeException(new java.io.IOException()))));
        assertEquals(ExitCode.USAGE, ExitCode.of(new IllegalArgumentException("bad", new ArithmeticException())));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(new RuntimeException(new ArithmeticException())));
    }

    @Test
    void anUncheckedWrapperOfAModelFailureMapsAsItsCause() {
        assertEquals(
                ExitCode.MODEL_UNUSABLE, ExitCode.of(new UncheckedModel(new ModelException(Reason.CHECKSUM, "x"))));
        assertEquals(
                ExitCode.MODEL_NOT_FOUND, ExitCode.of(new RuntimeException(new ZooException(Reason.NOT_FOUND, "x"))));
        assertEquals(
                ExitCode.REPOSITORY,
                ExitCode.of(new IllegalStateException("x", new ZooException(Reason.ACCESS, "y"))),
                "as its cause, not USAGE: render wraps the zoo's failure in an IllegalStateException");
        assertEquals(
                ExitCode.DEVICE,
                ExitCode.of(new IllegalArgumentException("x", new ModelException(Reason.DEVICE, "y"))));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(new RuntimeException(new ModelException(Reason.RUNTIME, "x"))));
    }

    @Test
    void ioFailuresAreIoCallerMistakesUsageAndTheRestInternal() {
        assertEquals(ExitCode.IO, ExitCode.of(new IOException("disk full")));
        assertEquals(ExitCode.IO, ExitCode.of(new NoSuchFileException("/x/out.png")));
        assertEquals(ExitCode.IO, ExitCode.of(new AccessDeniedException("/x/out.png")));
        assertEquals(ExitCode.IO, ExitCode.of(new UncheckedIOException(new IOException("disk full"))));

        assertEquals(ExitCode.USAGE, ExitCode.of(new IllegalArgumentException("-n: expected at least 1, found 0")));
        assertEquals(ExitCode.USAGE, ExitCode.of(new NumberFormatException("For input string: \"x\"")));
        assertEquals(
                ExitCode.USAGE, ExitCode.of(new IllegalStateException("the run folder already holds a checkpoint")));

        assertEquals(ExitCode.INTERNAL, ExitCode.of(new NullPointerException()));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(new RuntimeException("unexpected")));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(new Exception("unexpected")));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(new OutOfMemoryError("Java heap space")));
    }
}
