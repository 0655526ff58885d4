using System.Text;
using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.External;

/// <summary>
/// One case folder of the external protocol: written with the golden's <c>manifest.json</c> (bytes unchanged), its input
/// NPY files and an empty <c>out/</c> — never the golden outputs — and read back with the checks a hostile port meets:
/// every output must be a regular, non-empty file inside <c>out/</c> (no symbolic link, FIFO or device: those report
/// size 0 or a link target and are refused before anything opens them), no larger than the golden's data needs.
/// </summary>
public static class CaseFolder
{
    /// <summary>NPY header and slack allowed above an array's data bytes.</summary>
    public const long HeaderAllowance = 1 << 20;

    public static string Write(string dir, GoldenCase c, IReadOnlyDictionary<string, NpyArray> inputs)
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(Path.Combine(dir, "out"));
        File.Copy(c.ManifestPath, Path.Combine(dir, "manifest.json"));
        foreach (var spec in c.Inputs)
            Npy.Write(Path.Combine(dir, spec.File), inputs.TryGetValue(spec.Name, out var a) ? a : throw new GoldenFormatException(c.ManifestPath,
                $"input '{spec.Name}' missing"));
        return dir;
    }

    /// <summary>True once the port has written every output, or declined or failed the case.</summary>
    /// <summary>How a batch failure's message starts for a case after the first one the port did not write.</summary>
    public const string NotWritten = "not written: ";

    public static bool Finished(GoldenCase c, string dir)
    {
        var o = Path.Combine(dir, "out");
        return File.Exists(Path.Combine(o, "_unsupported.txt")) || File.Exists(Path.Combine(o, "_error.txt"))
            || c.Outputs.All(s => File.Exists(Path.Combine(o, s.File)));
    }

    public static CaseOutputs Read(GoldenCase c, string dir, string? processFailure)
    {
        var outDir = Path.Combine(dir, "out");
        if (ReadNote(outDir, "_unsupported.txt") is { } why) throw new BackendDeclinedException($"the port does not support this case: {why}");
        if (ReadNote(outDir, "_error.txt") is { } err)
            throw new BackendFailureException($"the port reported an error: {err}{(processFailure is null ? "" : $" ({processFailure})")}");
        var written = Directory.Exists(outDir) ? Directory.GetFileSystemEntries(outDir) : [];
        if (processFailure is not null)
            throw new BackendFailureException(written.Length == 0 && !processFailure.StartsWith(NotWritten, StringComparison.Ordinal)
                ? $"{processFailure}; it wrote nothing in the case folder's out/" : processFailure);
        if (written.Length == 0)
            throw new BackendFailureException($"the port exited 0 but wrote nothing in {outDir} (expected {string.Join(", ", c.Outputs.Select(o => o.File))})");
        var outputs = new CaseOutputs();
        foreach (var spec in c.Outputs)
        {
            var path = Path.Combine(outDir, spec.File);
            if (!Path.Exists(path) && new FileInfo(path).LinkTarget is null) continue; // the comparison names the missing output
            try
            {
                var bytes = RegularFile.ReadAllBytes(path, Limit(c, spec));
                if (spec.Kind == OutputKind.Text) outputs.Texts[spec.Name] = Encoding.UTF8.GetString(bytes);
                else outputs.Arrays[spec.Name] = Npy.Parse(bytes, path);
            }
            catch (RegularFileException e)
            {
                throw new BackendFailureException($"output '{spec.Name}': out/{spec.File} {e.Problem}; outputs must be regular files the port wrote, no " +
                    $"larger than the golden's data");
            }
            catch (NpyFormatException e) { throw new BackendFailureException($"output '{spec.Name}': {e.Message}"); }
            catch (IOException e) { throw new BackendFailureException($"output '{spec.Name}': out/{spec.File} could not be read: {e.Message}"); }
        }
        return outputs;
    }

    /// <summary>The most bytes an output file may hold: the golden's data (dtype × shape) plus header, or 4× the
    /// golden text plus 1 MiB.</summary>
    static long Limit(GoldenCase c, OutputSpec spec) => spec.Kind == OutputKind.Text
        ? 4 * new FileInfo(c.PathOf(spec.File)).Length + HeaderAllowance
        : NpyArray.Count(spec.Shape!) * (NpyDTypes.FromDescr(spec.DType!) is { } t ? NpyDTypes.ItemSize(t) : 8) + HeaderAllowance;

    /// <summary>The largest note file read; only its first 4 KiB are shown.</summary>
    const long MaxNoteBytes = 1 << 20;

    /// <summary>A port's note file (_unsupported.txt, _error.txt), its first 4 KiB, or null when absent.</summary>
    static string? ReadNote(string outDir, string name)
    {
        var info = new FileInfo(Path.Combine(outDir, name));
        if (!info.Exists && info.LinkTarget is null) return null;
        byte[] bytes;
        try { bytes = RegularFile.ReadAllBytes(info.FullName, MaxNoteBytes); }
        catch (RegularFileException e) { return $"({name} {e.Problem})"; }
        return VisibleText.Of(Encoding.UTF8.GetString(bytes, 0, Math.Min(4096, bytes.Length)).Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            keepNewlines: true);
    }
}
