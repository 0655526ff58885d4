using System.Text;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>The last <see cref="Capacity"/> bytes of a stream (a port's stdout or stderr), so a port that prints
/// gigabytes costs the harness a fixed 64 KiB; the end is what says why a program failed.</summary>
public sealed class StreamTail
{
    public const int Capacity = 64 * 1024;
    const int HeadCapacity = 8 * 1024;
    readonly byte[] ring = new byte[Capacity];
    readonly byte[] head = new byte[HeadCapacity];
    long total;

    /// <summary>Reads <paramref name="stream"/> to its end, keeping the tail.</summary>
    public void Pump(Stream stream)
    {
        var buffer = new byte[8192];
        try
        {
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) Append(buffer.AsSpan(0, n));
        }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    void Append(ReadOnlySpan<byte> data)
    {
        lock (ring)
            foreach (var b in data)
            {
                if (total < HeadCapacity) head[total] = b;
                ring[total++ % Capacity] = b;
            }
    }

    /// <summary>What says why a program failed: its first and last <paramref name="lines"/> lines (the first error is
    /// often the cause — node's "Cannot find module" — and the last the consequence), or every line when there are few.</summary>
    public string Summary(int lines)
    {
        string first;
        long n;
        lock (ring)
        {
            n = total;
            first = Encoding.UTF8.GetString(head, 0, (int)Math.Min(total, HeadCapacity));
        }
        var headLines = Lines(first);
        var all = LastLines(int.MaxValue);
        if (n <= HeadCapacity && headLines.Length <= 2 * lines) return all;
        var start = string.Join(" | ", headLines.Take(lines).Select(l => VisibleText.Of(l is { Length: > 300 } t ? t[..300] + "…" : l)));
        return $"{start} | … | {LastLines(lines)}";
    }

    static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n').Select(l => l.TrimEnd())
        .Where(l => l.Length > 0).ToArray();

    /// <summary>The kept bytes as UTF-8 text; the last <paramref name="lines"/> lines, each cut to its last 300 characters,
    /// with every control character but the tab written as a visible <c>\uXXXX</c> (an ANSI escape from a port's stderr
    /// must not recolour or rewrite the user's terminal, and a NUL must not cut a report's text).</summary>
    public string LastLines(int lines)
    {
        byte[] kept;
        lock (ring)
        {
            long n = Math.Min(total, Capacity);
            kept = new byte[n];
            for (long i = 0; i < n; i++) kept[i] = ring[(total - n + i) % Capacity];
        }
        var text = Encoding.UTF8.GetString(kept).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (text.Length == 0) return "";
        var all = text.Split('\n');
        return string.Join(" | ", all.Skip(Math.Max(0, all.Length - lines))
            .Select(l => VisibleText.Of(l.TrimEnd() is { Length: > 300 } t ? "…" + t[^300..] : l.TrimEnd())));
    }

}
