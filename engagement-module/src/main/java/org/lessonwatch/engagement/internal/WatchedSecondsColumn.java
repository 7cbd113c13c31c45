package org.lessonwatch.engagement.internal;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link WatchedSeconds} in an {@code int4multirange} column through its text form. */
@Converter
public class WatchedSecondsColumn implements AttributeConverter<WatchedSeconds, String> {

  @Override
  public String convertToDatabaseColumn(WatchedSeconds seconds) {
    return (seconds == null ? WatchedSeconds.NONE : seconds).toMultirange();
  }

  @Override
  public WatchedSeconds convertToEntityAttribute(String multirange) {
    return WatchedSeconds.parse(multirange);
  }
}
