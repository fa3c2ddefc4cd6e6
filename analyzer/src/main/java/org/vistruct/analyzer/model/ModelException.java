package org.vistruct.analyzer.model;

/** A model that is missing, corrupt or cannot be loaded; the message names the file and the remedy. */
public class ModelException extends RuntimeException {
    public ModelException(String message) { super(message); }

    public ModelException(String message, Throwable cause) { super(message, cause); }
}
