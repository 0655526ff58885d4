using System.Text;

namespace KerasVis.Conformance.IO;

/// <summary>Text a port must be able to read as the protocol says: UTF-8 without a byte-order mark. A manifest in UTF-16
/// or with a BOM would pass a .NET reader (which sniffs both) and fail a port's plain UTF-8 JSON parser, so it is refused.</summary>
public static class Utf8Text
{
    static readonly UTF8Encoding Strict8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Strict(byte[] bytes, string path, string what)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..] || bytes is [0xFF, 0xFE, ..] || bytes is [0xFE, 0xFF, ..])
            throw new Harness.GoldenFormatException(path, $"{what} must be UTF-8 without a byte-order mark; this one starts with one");
        try { return Strict8.GetString(bytes); }
        catch (DecoderFallbackException e) { throw new Harness.GoldenFormatException(path, $"{what} is not valid UTF-8 ({e.Message})"); }
    }
}
