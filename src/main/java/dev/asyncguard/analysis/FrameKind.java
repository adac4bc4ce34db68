package dev.asyncguard.analysis;

/**
 * Where code runs, lexically: the innermost module, class body, function, coroutine or lambda.
 * Comprehensions do not open a frame here: they run right where they are written.
 */
public enum FrameKind {
    MODULE, CLASS_BODY, FUNCTION, COROUTINE, LAMBDA
}
