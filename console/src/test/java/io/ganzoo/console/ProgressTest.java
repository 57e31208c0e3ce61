package io.ganzoo.console;

import io.ganzoo.zoo.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress display of training and rendering: plain lines for logs, a bar on a terminal, nothing for null. */
class ProgressTest {
    final StringWriter text = new StringWriter();
    final PrintWriter out = new PrintWriter(text);

    @AfterEach
    void closeLine() {
        Terminal.lineOpen(false);
    }

    @Test
    void plainLinesEndWithTheFinalLineAt100PercentAndTheUnit() {
        Progress p = new Progress(out, "images", 0, 300, false, 3600);
        p.update(100, null); // within the interval: not shown
        p.update(200, "");
        p.update(300, "42 MB written"); // the last update is always shown
        List<String> lines = text.toString().lines().toList();
        assertEquals(1, lines.size(), text.toString());
        String last = lines.get(0);
        assertTrue(
                last.startsWith("100.0% 300/300 images, ")
                        && last.contains(" images/s, ETA ")
                        && last.endsWith("  42 MB written"),
                last);
        assertFalse(text.toString().contains("\r"), "no carriage returns in a log");
        assertTrue(text.toString().endsWith(System.lineSeparator()));
    }

    @Test
    void plainLinesComeEveryIntervalAndCountFromAResumedStart() {
        Progress p = new Progress(out, "steps", 1000, 5000, false, 0);
        p.update(2000, null);
        p.update(3000, "loss 0.41");
        p.update(5000, null);
        List<String> lines = text.toString().lines().toList();
        assertEquals(3, lines.size(), text.toString());
        assertTrue(lines.get(0).startsWith(" 40.0% 2,000/5,000 steps, "), lines.get(0));
        assertTrue(
                lines.get(1).startsWith(" 60.0% 3,000/5,000 steps, ")
                        && lines.get(1).endsWith("  loss 0.41"),
                lines.get(1));
        assertTrue(
                lines.get(2).startsWith("100.0% 5,000/5,000 steps, ")
                        && lines.get(2).contains(" steps/s, ETA 0m00s"),
                lines.get(2));
    }

    @Test
    void aNullWriterPrintsNothing() {
        Progress none = new Progress((PrintWriter) null, "images", 0, 10, false, 0);
        none.update(5, "x");
        none.update(10, null);
        Progress stream = new Progress((PrintStream) null, "images", 0, 10);
        stream.update(10, null);
        Progress terminal = new Progress((PrintWriter) null, "steps", 0, 10, true, 0);
        terminal.update(10, null);
        StringWriter after = new StringWriter();
        Terminal.endLine(new PrintWriter(after, true));
        assertEquals("", after.toString(), "no bar was drawn, so no line is open");
    }

    @Test
    void aTerminalBarIsRedrawnInPlaceAndEndsWithANewline() throws InterruptedException {
        Progress p = new Progress(out, "steps", 0, 4, true, 10);
        Thread.sleep(250); // past the bar's 0.2 s redraw interval
        p.update(2, null);
        String mid = text.toString();
        assertTrue(mid.startsWith("\r[" + "#".repeat(15) + ".".repeat(15) + "]  50.0% 2/4 steps, "), mid);
        assertFalse(mid.contains("\n"), "the bar's line stays open: " + mid);
        p.update(4, "done");
        String all = text.toString();
        String last = all.substring(all.lastIndexOf('\r')).replace("\033[K", ""); // erase-to-end-of-line
        assertTrue(last.matches("\r\\[#{10,30}\\] 100.0% 4/4 steps, .*  done\n"), last);
        assertTrue(last.length() <= 80 + 1, "within 80 columns (the bar shrinks): " + last);
        assertTrue(all.endsWith("\n"), "a newline at the end: " + all);
        StringWriter message = new StringWriter();
        Terminal.endLine(new PrintWriter(message, true));
        assertEquals("", message.toString(), "the finished bar closed its line: nothing left to end");
    }

    @Test
    void anOpenBarLineIsEndedBeforeAMessage() throws InterruptedException {
        Progress p = new Progress(out, "images", 0, 10, true, 10);
        Thread.sleep(250);
        p.update(3, null);
        StringWriter err = new StringWriter();
        Terminal.endLine(new PrintWriter(err, true));
        assertEquals(System.lineSeparator(), err.toString(), "update(3) left its line open");
    }

    @Test
    void durationsForPeople() {
        assertEquals("1m05s", Progress.duration(65));
        assertEquals("2h05m", Progress.duration(7500));
        assertEquals("0m00s", Progress.duration(0));
        assertEquals("0m01s", Progress.duration(0.6));
        assertEquals("59m59s", Progress.duration(3599));
        assertEquals("1h00m", Progress.duration(3599.6));
        assertEquals("26h40m", Progress.duration(96_000));
    }

    /** Issue 26: the trainer's 91-column line stacked a new line per update in an 80-column terminal. */
    @Test
    void aRedrawnLineFitsTheTerminal() {
        String trainer =
                " 12.9% 2,582/20,000 steps, 1.0 steps/s, ETA 4h42m  epoch 74 lossD 0.178 lossG 3.387 D(x) 0.98";
        for (int columns : new int[] {40, 80, 120}) {
            String line = Progress.barLine(trainer, 10, 100, columns);
            assertTrue(line.length() <= columns - 1, columns + ": " + line.length());
            assertTrue(line.startsWith("[#"), line);
        }
        // a short line keeps the whole bar and text
        assertEquals(
                "[" + "#".repeat(15) + ".".repeat(15) + "] 50.0% 5/10 images",
                Progress.barLine("50.0% 5/10 images", 5, 10, 80));
    }
}
