package dev.asyncguard.review;

/** What the posted review does to the pull request; the caller decides (policy), not the renderer. */
public enum ReviewEvent { COMMENT, REQUEST_CHANGES }
