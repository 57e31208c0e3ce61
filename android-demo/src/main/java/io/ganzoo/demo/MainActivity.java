package io.ganzoo.demo;

import android.app.Activity;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.graphics.Typeface;
import android.graphics.drawable.AnimationDrawable;
import android.graphics.drawable.BitmapDrawable;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.text.InputType;
import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.view.inputmethod.EditorInfo;
import android.widget.AdapterView;
import android.widget.ArrayAdapter;
import android.widget.Button;
import android.widget.EditText;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.ScrollView;
import android.widget.SeekBar;
import android.widget.Spinner;
import android.widget.TextView;
import io.ganzoo.sdk.Picture;
import io.ganzoo.zoo.ZooException;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * The demo's one screen: a grid of 64 samples of a model of the zoo, with a model picker, a seed field and a "new
 * seed" button, a truncation slider, a class picker for the conditional model, an interpolation between two seeds
 * played as an animation, and the docs' latent arithmetic. It only wires views to a {@link DemoModel}, which draws off
 * the main thread and outlives a rotation; everything it shows comes from {@link Studio} and {@link Bitmaps}.
 *
 * <p>The views are built in code, with framework widgets only (no AndroidX, no layout XML): the same sources compile
 * in Gradle and in the Maven build, which has neither Google's Maven repository nor generated resource classes.
 */
public final class MainActivity extends Activity implements DemoModel.Screen {
    /** The seed the docs use. */
    static final long FIRST_SEED = 7L;
    /** Each frame of the interpolation shows this long; it plays forth and back. */
    static final int FRAME_MILLIS = 80;

    DemoModel model;
    /** The zoo's generators, in the picker's order. */
    List<Studio.Model> models = Collections.emptyList();
    /** The class names the picker shows; {@code null} until the first grid arrives. */
    List<String> classes;
    /** Set while the screen changes its own controls, so their listeners do not ask for a new draw. */
    private boolean updating;

    Spinner modelPicker;
    TextView modelTitle;
    EditText seedField;
    Button newSeed;
    Button draw;
    SeekBar truncation;
    TextView truncationLabel;
    Spinner classPicker;
    ImageView image;
    ProgressBar busy;
    TextView timing;
    TextView command;
    TextView error;
    EditText toSeedField;
    Button interpolate;
    Button arithmetic;
    TextView caption;

    @Override
    protected void onCreate(Bundle saved) {
        super.onCreate(saved);
        setTitle("ganzoo: GANs on the device");
        buildViews();
        try {
            models = Studio.generators();
        } catch (ZooException e) {
            showError(DemoModel.describe(e));
        }
        DemoModel retained = (DemoModel) getLastNonConfigurationInstance();
        boolean fresh = retained == null;
        if (fresh) {
            Handler handler = new Handler(Looper.getMainLooper());
            String first =
                    models.isEmpty() ? Studio.ARITHMETIC_MODEL : models.get(0).name();
            retained = new DemoModel(new Studio(), handler::post, DemoState.of(first, FIRST_SEED));
        }
        model = retained;
        updating = true;
        List<String> names = new ArrayList<>();
        for (Studio.Model m : models) {
            names.add(m.name());
        }
        modelPicker.setAdapter(adapter(names));
        updating = false;
        showState(model.state());
        wireControls();
        model.attach(this);
        if (fresh) {
            model.sample(model.state());
        }
    }

    @Override
    public Object onRetainNonConfigurationInstance() {
        return model;
    }

    @Override
    protected void onDestroy() {
        stopAnimation();
        model.detach();
        if (!isChangingConfigurations()) {
            model.close(); // the screen has gone for good: its generator goes with it
        }
        super.onDestroy();
    }

    // ---- what the model shows

    @Override
    public void showSample(Studio.Sample s) {
        error.setVisibility(View.GONE);
        showClasses(s.classes());
        setPicture(s.grid());
        timing.setText(DemoModel.timing(DemoState.COUNT, s.nanos()) + " (one batch)");
        command.setText("ganzoo " + String.join(" ", quoted(s.command())));
        caption.setText("");
    }

    @Override
    public void showWalk(Studio.Walk w, DemoState from, long to) {
        error.setVisibility(View.GONE);
        showClasses(w.classes()); // a screen made anew (a rotation) replays the walk: its class picker too
        stopAnimation();
        AnimationDrawable a = new AnimationDrawable();
        List<Picture> frames = w.frames();
        for (int i = 0; i < frames.size(); i++) {
            a.addFrame(drawable(frames.get(i)), FRAME_MILLIS);
        }
        for (int i = frames.size() - 2; i > 0; i--) {
            a.addFrame(drawable(frames.get(i)), FRAME_MILLIS); // and back, so the loop has no jump
        }
        a.setOneShot(false);
        image.setImageDrawable(a);
        a.start();
        timing.setText(DemoModel.timing(w.images(), w.nanos()) + " (" + frames.size() + " batches of "
                + DemoState.COUNT + ", " + String.format(Locale.ROOT, "%.0f", w.nanos() / 1e6 / frames.size())
                + " ms per batch)");
        command.setText("slerp from seed " + from.seed() + " to seed " + to + ", " + frames.size() + " frames");
        caption.setText("");
    }

    @Override
    public void showArithmetic(Studio.Timed t) {
        error.setVisibility(View.GONE);
        showState(model.state());
        showClasses(Collections.emptyList()); // the arithmetic's model is unconditional (Studio.arithmetic)
        setPicture(t.picture());
        timing.setText(DemoModel.timing(t.images(), t.nanos()) + " (4 batches)");
        command.setText("ganzoo arithmetic " + Studio.ARITHMETIC_REF + " --seed " + Studio.ARITHMETIC_SEED + " \""
                + Studio.ARITHMETIC_EXPRESSION + "\"");
        caption.setText("Rows 1-3: three images each of dark shoes, dark tops, bright tops, then the image of their"
                + " mean latent. Row 4: dark shoes - dark tops + bright tops, and 7 neighbours: bright shoes.");
    }

    @Override
    public void showError(String message) {
        error.setText(message);
        error.setVisibility(View.VISIBLE);
    }

    @Override
    public void showBusy(boolean b) {
        busy.setVisibility(b ? View.VISIBLE : View.INVISIBLE);
    }

    // ---- controls

    private void wireControls() {
        modelPicker.setOnItemSelectedListener(new Selected(position -> {
            String m = models.get(position).name();
            if (!m.equals(model.state().model())) {
                // the old model's classes are not the new one's: no class can be picked until its grid arrives
                showClasses(null);
                model.sample(model.state().withModel(m));
                modelTitle.setText(
                        models.get(position).id() + ": " + models.get(position).title());
            }
        }));
        classPicker.setOnItemSelectedListener(new Selected(position -> {
            int label = position - 1; // 0 is "classes in turn"
            if (label != model.state().label()) {
                model.sample(model.state().withLabel(label));
            }
        }));
        seedField.setOnEditorActionListener((v, action, event) -> {
            drawSeedField();
            return action == EditorInfo.IME_ACTION_DONE;
        });
        draw.setOnClickListener(v -> drawSeedField());
        newSeed.setOnClickListener(v -> {
            long seed = new SecureRandom().nextInt(1_000_000);
            seedField.setText(String.valueOf(seed));
            toSeedField.setText(String.valueOf(seed + 1));
            model.sample(model.state().withSeed(seed));
        });
        truncation.setOnSeekBarChangeListener(new SeekBar.OnSeekBarChangeListener() {
            @Override
            public void onProgressChanged(SeekBar bar, int progress, boolean fromUser) {
                truncationLabel.setText(truncationText(DemoState.truncationAt(progress)));
                if (!updating) { // while dragging too: the model skips the draws a newer one made stale
                    model.sample(model.state().withTruncation(DemoState.truncationAt(progress)));
                }
            }

            @Override
            public void onStartTrackingTouch(SeekBar bar) {}

            @Override
            public void onStopTrackingTouch(SeekBar bar) {}
        });
        interpolate.setOnClickListener(v -> {
            Long to = parseSeed(toSeedField);
            if (to != null) {
                model.interpolate(to);
            }
        });
        arithmetic.setOnClickListener(v -> model.arithmetic());
    }

    private void drawSeedField() {
        Long seed = parseSeed(seedField);
        if (seed != null) {
            model.sample(model.state().withSeed(seed));
        }
    }

    private Long parseSeed(EditText field) {
        String text = field.getText().toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            showError("seed: expected a whole number (e.g. 7), found '" + text + "'");
            return null;
        }
    }

    /** Sets the controls to a state without drawing. */
    private void showState(DemoState s) {
        updating = true;
        int m = indexOf(s.model());
        if (m >= 0 && modelPicker.getSelectedItemPosition() != m) {
            modelPicker.setSelection(m);
        }
        modelTitle.setText(m >= 0 ? models.get(m).id() + ": " + models.get(m).title() : s.model());
        seedField.setText(String.valueOf(s.seed()));
        if (toSeedField.getText().length() == 0) {
            toSeedField.setText(String.valueOf(s.seed() + 1));
        }
        truncation.setProgress(DemoState.positionOf(s.truncation()));
        truncationLabel.setText(truncationText(s.truncation()));
        updating = false;
    }

    int indexOf(String model) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).name().equals(model)) {
                return i;
            }
        }
        return -1;
    }

    /** The class picker for {@code names}, or empty and disabled while a model is loading ({@code null}). */
    private void showClasses(List<String> names) {
        if (names != null && names.equals(classes)) {
            return;
        }
        classes = names;
        List<String> items = new ArrayList<>();
        items.add(names == null ? "(loading)" : names.isEmpty() ? "(unconditional model)" : "classes in turn");
        if (names != null) {
            items.addAll(names);
        }
        updating = true;
        classPicker.setAdapter(adapter(items));
        // never past the list: a state's class from another model must not select a row that is not there
        classPicker.setSelection(
                Math.max(0, Math.min(items.size() - 1, model.state().label() + 1)));
        classPicker.setEnabled(names != null && !names.isEmpty());
        updating = false;
    }

    private static String truncationText(float t) {
        return "Truncation: " + (Float.isNaN(t) ? "off" : Float.toString(t));
    }

    private static List<String> quoted(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        return out;
    }

    // ---- pictures

    private void setPicture(Picture p) {
        stopAnimation();
        image.setImageDrawable(drawable(p));
    }

    private BitmapDrawable drawable(Picture p) {
        Bitmap b = Bitmaps.of(p);
        BitmapDrawable d = new BitmapDrawable(getResources(), b);
        d.setFilterBitmap(false); // 28x28 images: big square pixels, not a blur
        return d;
    }

    private void stopAnimation() {
        if (image != null && image.getDrawable() instanceof AnimationDrawable a) {
            a.stop();
        }
    }

    // ---- views, built in code

    private void buildViews() {
        LinearLayout column = new LinearLayout(this);
        column.setOrientation(LinearLayout.VERTICAL);
        int pad = dp(16);
        column.setPadding(pad, pad, pad, pad);

        modelPicker = new Spinner(this);
        column.addView(row(label("Model"), weighted(modelPicker)));
        modelTitle = new TextView(this);
        modelTitle.setTextSize(12);
        column.addView(modelTitle);

        seedField = new EditText(this);
        seedField.setInputType(InputType.TYPE_CLASS_NUMBER | InputType.TYPE_NUMBER_FLAG_SIGNED);
        seedField.setImeOptions(EditorInfo.IME_ACTION_DONE);
        seedField.setSingleLine(true);
        draw = button("Draw");
        newSeed = button("New seed");
        column.addView(row(label("Seed"), weighted(seedField), draw, newSeed));

        truncationLabel = label("Truncation: off");
        truncation = new SeekBar(this);
        truncation.setMax(DemoState.TRUNCATION_STEPS);
        column.addView(row(truncationLabel, weighted(truncation)));

        classPicker = new Spinner(this);
        classPicker.setEnabled(false);
        column.addView(row(label("Class"), weighted(classPicker)));

        image = new ImageView(this);
        image.setAdjustViewBounds(true);
        image.setScaleType(ImageView.ScaleType.FIT_CENTER);
        image.setBackgroundColor(Color.BLACK);
        image.setContentDescription("generated images");
        column.addView(image, new LinearLayout.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, dp(320)));

        busy = new ProgressBar(this, null, android.R.attr.progressBarStyleSmall);
        busy.setIndeterminate(true);
        busy.setVisibility(View.INVISIBLE);
        timing = new TextView(this);
        column.addView(row(weighted(timing), busy));

        command = new TextView(this);
        command.setTypeface(Typeface.MONOSPACE);
        command.setTextSize(12);
        column.addView(command);

        error = new TextView(this);
        error.setTextColor(Color.rgb(0xb0, 0, 0));
        error.setVisibility(View.GONE);
        column.addView(error);

        toSeedField = new EditText(this);
        toSeedField.setInputType(InputType.TYPE_CLASS_NUMBER | InputType.TYPE_NUMBER_FLAG_SIGNED);
        toSeedField.setSingleLine(true);
        interpolate = button("Play");
        column.addView(row(label("Interpolate to seed"), weighted(toSeedField), interpolate));

        arithmetic = button("Latent arithmetic (" + Studio.ARITHMETIC_MODEL + ")");
        column.addView(arithmetic);
        caption = new TextView(this);
        column.addView(caption);

        ScrollView scroll = new ScrollView(this);
        scroll.addView(column);
        setContentView(scroll);
    }

    private LinearLayout row(View... views) {
        LinearLayout r = new LinearLayout(this);
        r.setOrientation(LinearLayout.HORIZONTAL);
        r.setGravity(Gravity.CENTER_VERTICAL);
        for (View v : views) {
            r.addView(v);
        }
        return r;
    }

    private View weighted(View v) {
        v.setLayoutParams(new LinearLayout.LayoutParams(0, ViewGroup.LayoutParams.WRAP_CONTENT, 1f));
        return v;
    }

    private TextView label(String text) {
        TextView t = new TextView(this);
        t.setText(text);
        t.setPadding(0, 0, dp(8), 0);
        return t;
    }

    private Button button(String text) {
        Button b = new Button(this);
        b.setText(text);
        b.setAllCaps(false);
        return b;
    }

    private ArrayAdapter<String> adapter(List<String> items) {
        ArrayAdapter<String> a = new ArrayAdapter<>(this, android.R.layout.simple_spinner_item, items);
        a.setDropDownViewResource(android.R.layout.simple_spinner_dropdown_item);
        return a;
    }

    private int dp(int v) {
        return Math.round(v * getResources().getDisplayMetrics().density);
    }

    /** An item listener that ignores the screen's own changes. */
    private final class Selected implements AdapterView.OnItemSelectedListener {
        private final IntConsumer action;

        Selected(IntConsumer action) {
            this.action = action;
        }

        @Override
        public void onItemSelected(AdapterView<?> parent, View view, int position, long id) {
            if (!updating) {
                action.accept(position);
            }
        }

        @Override
        public void onNothingSelected(AdapterView<?> parent) {}
    }
}
