// iText 5 (Debian libitext5-java), its documented text extraction: PdfTextExtractor.getTextFromPage(reader, page)
// for every page (its default LocationTextExtractionStrategy), each page's text then a newline, as UTF-8 (the blind16
// family itext5_text). Run as a single-file program: java -cp itext5.jar ItextText.java <file.pdf>
import com.itextpdf.text.pdf.PdfReader;
import com.itextpdf.text.pdf.parser.PdfTextExtractor;
import java.io.PrintStream;

public class ItextText {
  public static void main(String[] args) throws Exception {
    PdfReader reader = new PdfReader(args[0]);
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    for (int i = 1; i <= reader.getNumberOfPages(); i++) {
      out.println(PdfTextExtractor.getTextFromPage(reader, i));
    }
    reader.close();
  }
}
