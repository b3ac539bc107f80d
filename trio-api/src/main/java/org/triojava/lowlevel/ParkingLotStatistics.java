package org.triojava.lowlevel;

/**
 * Statistics of a {@link ParkingLot} (Trio's {@code ParkingLotStatistics}).
 *
 * @param tasksWaiting how many tasks are parked
 */
public record ParkingLotStatistics(int tasksWaiting) {
}
