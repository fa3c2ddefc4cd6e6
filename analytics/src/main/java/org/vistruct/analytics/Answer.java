package org.vistruct.analytics;

import java.util.List;

/**
 * What a tactic found, with what it cost and what it left out.
 *
 * @param passesRead  passes the question read from the index
 * @param excluded    passes left out because their plate was unreadable or read below the reliability threshold
 * @param uncolumned  passes in the range indexed before analytics columns existed (not seen by any tactic)
 * @param truncated   more results were found than the limit; the best ones are given
 */
public record Answer<T>(List<T> results, long passesRead, long excluded, long uncolumned, long elapsedMs, boolean truncated) {}
