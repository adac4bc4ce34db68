package dev.asyncguard.review;

/** Which side of the diff a review comment points at; we only comment on the new file (RIGHT). */
public enum Side { LEFT, RIGHT }
