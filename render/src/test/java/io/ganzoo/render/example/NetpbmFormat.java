package io.ganzoo.render.example;

import io.ganzoo.render.Manifest;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.render.Renderer;
import io.ganzoo.render.Sink;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.zoo.Zoo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A format added from outside the render module, with its public API only: one class plus one line in
 * {@code META-INF/services/io.ganzoo.render.OutputFormat}. Netpbm files ({@code 000000123.pgm}, binary P5 for grey
 * images, {@code .ppm} P6 for colour), a unit of images at a time, each written under a temporary name and renamed.
 */
public final class NetpbmFormat implements OutputFormat {
    @Override
    public String name() {
        return "netpbm";
    }

    @Override
    public Sink sink(Generator g, Renderer.Spec spec, long first, long end, Path out, int unit) {
        ModelMetadata md = g.metadata();
        boolean grey = md.channels() == 1;
        byte[] header = String.format(Locale.ROOT, "%s\n%d %d\n255\n", grey ? "P5" : "P6", md.width(), md.height())
                .getBytes(StandardCharsets.US_ASCII);
        return new Sink() {
            @Override
            public int unit() {
                return unit;
            }

            @Override
            public List<Manifest.Entry> write(long firstOfUnit, List<byte[]> pixels, int[] labels) throws IOException {
                List<Manifest.Entry> entries = new ArrayList<>();
                for (int i = 0; i < pixels.size(); i++) {
                    String name = String.format(Locale.ROOT, "%09d.%s", firstOfUnit + i, grey ? "pgm" : "ppm");
                    byte[] file = new byte[header.length + pixels.get(i).length];
                    System.arraycopy(header, 0, file, 0, header.length);
                    System.arraycopy(pixels.get(i), 0, file, header.length, pixels.get(i).length);
                    Path tmp = out.resolve(name + ".part");
                    Files.write(tmp, file);
                    Files.move(tmp, out.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    entries.add(new Manifest.Entry(
                            firstOfUnit + i, spec.seed(), labels == null ? -1 : labels[i], name, Zoo.sha256(file)));
                }
                return entries;
            }

            @Override
            public boolean verify(List<Manifest.Entry> entries) throws IOException {
                for (Manifest.Entry e : entries) {
                    Path f = out.resolve(e.file());
                    if (!Files.isRegularFile(f)
                            || !Zoo.sha256(Files.readAllBytes(f)).equals(e.sha256())) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public void finish() {}
        };
    }

    @Override
    public long bytesPerImage(ModelMetadata md) {
        return Math.max(4096, (long) md.channels() * md.height() * md.width() + 16);
    }
}
