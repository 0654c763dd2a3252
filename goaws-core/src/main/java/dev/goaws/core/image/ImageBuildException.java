package dev.goaws.core.image;

import dev.goaws.core.GoawsException;

/**
 * Building or pushing the app image failed for a reason the user can fix; the message says how (which
 * {@code mvn} command to run, which {@code goaws.*} parameter to set). Raised before anything is pushed
 * wherever the problem can be seen up front.
 */
public class ImageBuildException extends GoawsException {
    public ImageBuildException(String message) {
        super(message);
    }

    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
