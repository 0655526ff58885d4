using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KerasVis.Conformance.IO;

/// <summary>
/// Strict NPY 1.0 / 2.0 reader and NPY 1.0 writer (format: numpy/lib/format.py, "NEP 1").
/// Layout: magic <c>\x93NUMPY</c>, major, minor, header length (u16 for 1.0, u32 for 2.0, little-endian), an ASCII
/// Python dict literal <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> padded with spaces and a
/// final newline so the data starts at a multiple of 64 bytes, then the raw C-order data.
/// Reading accepts only the six little-endian/byte types of <see cref="NpyDType"/>, C order, and exactly the number of
/// data bytes the shape needs; anything else is an <see cref="NpyFormatException"/> naming the file.
/// Writing reproduces <c>numpy.save</c> byte for byte (the same header text and padding).
/// </summary>
public static class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The largest header accepted (NumPy's own reader refuses headers over 10,000 bytes by default).</summary>
    public const int MaxHeaderBytes = 1 << 16;

    /// <summary>The largest file read: a .NET array holds at most about 2 GiB.</summary>
    public const long MaxFileBytes = int.MaxValue - 64;

    public static NpyArray Read(string path)
    {
        byte[] bytes;
        try { bytes = RegularFile.ReadAllBytes(path, MaxFileBytes); }
        catch (RegularFileException e) when (e.Problem == RegularFile.Missing)
        {
            throw new NpyFormatException(path, Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))) ? "file not found"
                : "file not found (no such directory)");
        }
        catch (RegularFileException e) { throw new NpyFormatException(path, $"the file {e.Problem} (an NPY file is a regular file of 1 byte to 2 GiB)"); }
        return Parse(bytes, path);
    }

    public static NpyArray Parse(byte[] b, string path)
    {
        if (b.Length < 10 || !b.AsSpan(0, 6).SequenceEqual(Magic))
            throw new NpyFormatException(path, "not an NPY file (missing \\x93NUMPY magic)");
        int major = b[6], minor = b[7];
        long headerLen;
        int start;
        if (major == 1 && minor == 0) { headerLen = BitConverter.ToUInt16(b, 8); start = 10; }
        else if (major == 2 && minor == 0)
        {
            if (b.Length < 12) throw new NpyFormatException(path, "truncated NPY 2.0 preamble");
            headerLen = BitConverter.ToUInt32(b, 8); start = 12;
        }
        else throw new NpyFormatException(path, $"unsupported NPY version {major}.{minor} (supported: 1.0, 2.0)");
        if (headerLen > MaxHeaderBytes) throw new NpyFormatException(path, $"header length {headerLen} is over the {MaxHeaderBytes} bytes allowed");
        if (start + headerLen > b.LongLength)
            throw new NpyFormatException(path, $"truncated header: it declares {headerLen} bytes, the file has {b.LongLength - start}");
        string header = Encoding.ASCII.GetString(b, start, (int)headerLen);
        var (descr, fortran, shape) = ParseHeader(header, path);
        var dtype = NpyDTypes.FromDescr(descr) ?? throw new NpyFormatException(path, descr switch
        {
            "|O" or "<O" => "object arrays (dtype 'O') are not supported",
            _ when descr.StartsWith('>') => $"big-endian dtype '{descr}' is not supported (write it little-endian)",
            _ => $"dtype '{descr}' is not supported (supported: <f4, <f8, <i4, <i8, |u1, |b1)",
        });
        if (fortran) throw new NpyFormatException(path, "Fortran-order arrays are not supported (save in C order)");
        long count;
        try { count = NpyArray.Count(shape); }
        catch (Exception e) { throw new NpyFormatException(path, $"bad shape: {e.Message}"); }
        if (count > MaxFileBytes) throw new NpyFormatException(path,
            $"shape {NpyArray.FormatShape(shape)} claims {count} elements, more than any file here can hold");
        long need = count * NpyDTypes.ItemSize(dtype);
        long have = b.LongLength - start - headerLen;
        if (have < need) throw new NpyFormatException(path,
            $"truncated data: shape {NpyArray.FormatShape(shape)} of {descr} needs {need} bytes, the file has {have}");
        if (have > need) throw new NpyFormatException(path, $"{have - need} unexpected bytes after the data of shape {NpyArray.FormatShape(shape)}");
        var data = b.AsSpan(start + (int)headerLen, (int)need).ToArray();
        if (dtype == NpyDType.Bool)
            foreach (var v in data)
                if (v > 1) throw new NpyFormatException(path, $"boolean array holds byte {v} (only 0 and 1 are booleans)");
        return new NpyArray(dtype, shape, data);
    }

    /// <summary>A dict key: a quoted name followed by a colon, at the top level or after a comma.</summary>
    static readonly Regex KeyRx = new(@"[{,]\s*'([^']*)'\s*:");
    static readonly Regex DescrRx = new(@"'descr'\s*:\s*'([^']*)'");
    static readonly Regex FortranRx = new(@"'fortran_order'\s*:\s*(True|False)");
    static readonly Regex ShapeRx = new(@"'shape'\s*:\s*\(([^)]*)\)");

    static (string, bool, long[]) ParseHeader(string h, string path)
    {
        var t = h.TrimEnd(' ', '\n', '\0');
        if (!t.StartsWith('{') || !t.EndsWith('}'))
            throw new NpyFormatException(path, $"header is not a dict literal: {Short(h)}");
        // as numpy: exactly the keys descr, fortran_order and shape, each once
        var keys = KeyRx.Matches(t).Select(m => m.Groups[1].Value).ToList();
        if (keys.Count != 3 || keys.Distinct().Count() != 3 || !keys.Order(StringComparer.Ordinal).SequenceEqual(["descr", "fortran_order", "shape"]))
            throw new NpyFormatException(path,
                $"header keys are [{string.Join(", ", keys)}]; an NPY header has exactly descr, fortran_order and shape, once each: {Short(h)}");
        var d = DescrRx.Match(t); var f = FortranRx.Match(t); var s = ShapeRx.Match(t);
        if (!d.Success) throw new NpyFormatException(path, $"header has no 'descr' string (a structured or object dtype?): {Short(h)}");
        if (!f.Success) throw new NpyFormatException(path, $"header has no 'fortran_order': {Short(h)}");
        if (!s.Success) throw new NpyFormatException(path, $"header has no 'shape' tuple: {Short(h)}");
        var dims = new List<long>();
        foreach (var part in s.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                throw new NpyFormatException(path, $"shape entry '{part}' is not a non-negative integer");
            dims.Add(v);
        }
        return (d.Groups[1].Value, f.Groups[1].Value == "True", dims.ToArray());
    }

    static string Short(string h) => h.Length > 120 ? h[..120] + "…" : h.TrimEnd();

    /// <summary>The NPY 1.0 bytes <c>numpy.save</c> writes for this array.</summary>
    public static byte[] Serialize(NpyArray a)
    {
        string shape = a.Shape.Length switch
        {
            0 => "()",
            1 => $"({a.Shape[0]},)",
            _ => "(" + string.Join(", ", a.Shape) + ")",
        };
        string dict = $"{{'descr': '{NpyDTypes.Descr(a.DType)}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        string header = dict + new string(' ', pad) + "\n";
        if (header.Length > ushort.MaxValue) throw new ArgumentException("header too long for NPY 1.0");
        using var ms = new MemoryStream();
        ms.Write(Magic); ms.WriteByte(1); ms.WriteByte(0);
        ms.Write(BitConverter.GetBytes((ushort)header.Length));
        ms.Write(Encoding.ASCII.GetBytes(header));
        ms.Write(a.Data);
        return ms.ToArray();
    }

    /// <summary>Writes atomically: a temporary file in the same folder, then a rename, so a failure leaves nothing half-written.</summary>
    public static void Write(string path, NpyArray a) => AtomicFile.WriteAllBytes(path, Serialize(a));
}
