package dev.junction.api.cloudflare;

import static java.util.Objects.requireNonNull;

import dev.junction.core.catalogue.PointOfPresence;
import dev.junction.core.catalogue.Port;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A letter of authorization and connecting facility assignment (LOA-CFA): it names the provider's
 * port at a facility and authorizes the customer to order a cross-connect to it.
 *
 * @param customer who the letter authorizes
 * @param interconnect the interconnect the port belongs to
 */
record LetterOfAuthorization(
    String provider,
    String customer,
    PointOfPresence pop,
    Port port,
    String interconnect,
    LocalDate date) {
  static final int MAX_CUSTOMER_LENGTH = 200;

  LetterOfAuthorization {
    requireNonNull(provider, "provider");
    requireNonNull(customer, "customer");
    requireNonNull(pop, "pop");
    requireNonNull(port, "port");
    requireNonNull(interconnect, "interconnect");
    requireNonNull(date, "date");
  }

  /** Returns the letter as a one-page PDF. */
  byte[] pdf() {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle("Letter of Authorization - " + interconnect);
      info.setAuthor(provider);
      PDPage page = new PDPage(PDRectangle.A4);
      document.addPage(page);
      PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      try (PDPageContentStream text = new PDPageContentStream(document, page)) {
        text.beginText();
        text.setLeading(16);
        text.newLineAtOffset(56, 780);
        text.setFont(bold, 15);
        text.showText("Letter of Authorization and Connecting Facility Assignment");
        text.newLine();
        text.newLine();
        text.setFont(regular, 11);
        for (String line : lines()) {
          text.showText(printable(line));
          text.newLine();
        }
        text.endText();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the letter of authorization", e);
    }
  }

  private List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("Date: " + date);
    lines.add("Provider: " + provider);
    lines.add("Customer: " + customer);
    lines.add("");
    lines.add("Facility: " + pop.facilityName());
    for (String address : pop.facilityAddress()) {
      lines.add("          " + address);
    }
    lines.add("Site: " + pop.site() + " (" + pop.name() + ")");
    for (String point : pop.connectionPoints()) {
      lines.add("Demarcation: " + point);
    }
    lines.add("Device: " + port.deviceName());
    lines.add("Port: " + port.name() + " (" + port.speed() + ", single-mode fibre)");
    lines.add("Slot: " + port.id());
    lines.add("Interconnect: " + interconnect);
    lines.add("");
    lines.add(provider + " authorizes " + customer + " and its agents to order a");
    lines.add("cross-connect from the facility operator to the port named above.");
    lines.add("This letter is valid for 90 days from its date.");
    return lines;
  }

  /** Returns {@code line} with what the standard fonts cannot show replaced by "?". */
  private static String printable(String line) {
    StringBuilder out = new StringBuilder(line.length());
    for (char c : line.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
