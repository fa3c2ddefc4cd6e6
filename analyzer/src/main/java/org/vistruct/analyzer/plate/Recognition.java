package org.vistruct.analyzer.plate;

/**
 * A recogniser's reading of one plate and what it saw at the province's place (null when it read
 * no plate character).
 */
public record Recognition(PlateReading reading, ProvinceSlot province) {}
