package org.lessonwatch.web.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

  @Test
  void quotesFieldsWithCommasQuotesAndLineBreaks() {
    String csv =
        new Csv()
            .row(List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", ""))
            .toString();

    assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\r\n", csv);
  }

  @Test
  void neutralisesCellsASpreadsheetWouldRunAsFormulas() {
    assertEquals("'=1+1", Csv.cell("=1+1"));
    assertEquals("'+49 30", Csv.cell("+49 30"));
    assertEquals("'-2", Csv.cell("-2"));
    assertEquals("'@SUM(A1)", Csv.cell("@SUM(A1)"));
    assertEquals("'\tx", Csv.cell("\tx"));
    assertEquals(
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", Csv.cell("=HYPERLINK(\"http://x\",\"y\")"));
    assertEquals("a=b", Csv.cell("a=b"));
    assertEquals("12.5", Csv.cell("12.5"));
  }

  @Test
  void aRowWritesEachCellAsCellDoes() {
    List<String> cells = List.of("=1+1", "-2", "\tx", "\rx", "a=b", "x,y", "1-2", "");
    assertEquals(
        String.join(",", cells.stream().map(Csv::cell).toList()) + "\r\n",
        new Csv().row(cells).toString());
    assertEquals("'=1+1,'-2,'\tx,\"'\rx\",a=b,\"x,y\",1-2,\r\n", new Csv().row(cells).toString());
  }

  @Test
  void aLargeFileKeepsEveryRowInOrder() {
    Csv csv = new Csv();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      csv.row(List.of("learner-" + i, "lesson, " + i, String.valueOf(i)));
      expected.append("learner-").append(i).append(",\"lesson, ").append(i).append("\",");
      expected.append(i).append("\r\n");
    }
    assertEquals(expected.length(), csv.toString().length());
    assertEquals(expected.toString(), csv.toString());
  }

  @Test
  void writesNullAsEmptyAndEndsRowsWithCrLf() {
    assertEquals(
        "a,,b\r\nc\r\n",
        new Csv().row(java.util.Arrays.asList("a", null, "b")).row(List.of("c")).toString());
  }
}
