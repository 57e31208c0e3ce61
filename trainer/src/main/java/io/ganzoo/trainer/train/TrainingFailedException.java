package io.ganzoo.trainer.train;

/** Training stopped because it diverged; the message says where and how to go on. */
public class TrainingFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrainingFailedException(String message) {
        super(message);
    }
}
