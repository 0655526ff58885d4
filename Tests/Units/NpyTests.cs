using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using Xunit;

namespace KerasVis.Tests.Units;

public class NpyTests
{
    static string GoldenFile(string rel) => Path.Combine(GoldenRepository.Root(), "golden", rel);

    [Theory]
    [InlineData("unpool/seed_example/x.npy")]          // <f4, 4-D
    [InlineData("unpool/seed_example/argmax_nhwc.npy")] // <i8
    [InlineData("losses/cce_seed_example/reduced.npy")] // 0-d
    [InlineData("losses/scce_seed_example/y_true.npy")] // 1-D
    public void Serialize_reproduces_numpy_save_byte_for_byte(string rel)
    {
        var bytes = File.ReadAllBytes(GoldenFile(rel)); // written by numpy.save in tools/oracle
        var a = Npy.Parse(bytes, rel);
        Assert.Equal(bytes, Npy.Serialize(a));
    }

    [Fact]
    public void Reads_values_and_shape()
    {
        var a = Npy.Read(GoldenFile("unpool/seed_example/x.npy"));
        Assert.Equal(new long[] { 1, 4, 4, 1 }, a.Shape);
        Assert.Equal(0.9f, a.AsFloats()[6]); // row 1, column 2 of the slide's 4×4 input
    }

    static byte[] Valid() => Npy.Serialize(NpyArray.FromFloats([1f, 2f, 3f], 3));

    static byte[] WithHeader(string dict, int dataBytes)
    {
        var h = dict + new string(' ', 64 - (10 + dict.Length + 1) % 64) + "\n";
        var b = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        b.AddRange(BitConverter.GetBytes((ushort)h.Length));
        b.AddRange(System.Text.Encoding.ASCII.GetBytes(h));
        b.AddRange(new byte[dataBytes]);
        return b.ToArray();
    }

    public static TheoryData<string, byte[], string> Corrupt() => new()
    {
        { "empty", [], "is empty or not a regular file" },
        { "v2_huge_header", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0, 0xFF, 0xFF, 0xFF, 0x7F, (byte)'{', (byte)'}'],
            "header length 2147483647 is over the 65536 bytes allowed" },
        { "duplicate_key", WithHeader("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 4),
            "exactly descr, fortran_order and shape, once each" },
        { "extra_key", WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1, }", 4),
            "exactly descr, fortran_order and shape, once each" },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0], "missing \\x93NUMPY magic" },
        { "version3", Valid().Select((b, i) => i == 6 ? (byte)3 : b).ToArray(), "unsupported NPY version 3.0" },
        { "truncated_header", Valid()[..40], "truncated header" },
        { "truncated_data", Valid()[..^4], "truncated data" },
        { "trailing_bytes", Valid().Concat(new byte[] { 0 }).ToArray(), "unexpected bytes after the data" },
        { "big_endian", WithHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", 12), "big-endian dtype '>f4'" },
        { "fortran", WithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16), "Fortran-order" },
        { "object", WithHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", 8), "object arrays" },
        { "float16", WithHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 4), "dtype '<f2' is not supported" },
        { "structured", WithHeader("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4), "no 'descr' string" },
        { "bad_shape", WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", 8), "shape entry 'x'" },
        { "bad_bool", WithHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (1,), }", 0).Concat(new byte[] { 7 }).ToArray(),
            "boolean array holds byte 7" },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Corrupt_files_get_a_typed_error_naming_the_file(string name, byte[] bytes, string problem)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kerasvis-corrupt-{name}.npy");
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<NpyFormatException>(() => Npy.Read(path));
        Assert.Equal(path, e.Path);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<NpyFormatException>(() => Npy.Read("/nonexistent/dir/x.npy"));
        Assert.Contains("/nonexistent/dir/x.npy", e.Message);
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void Write_is_atomic_and_leaves_no_temporary_files()
    {
        var dir = Directory.CreateTempSubdirectory("kerasvis-npy-").FullName;
        var path = Path.Combine(dir, "a.npy");
        Npy.Write(path, NpyArray.FromDoubles([1.5, -2.25], 2));
        Assert.Equal(new[] { 1.5, -2.25 }, Npy.Read(path).AsDoubles());
        Assert.Single(Directory.GetFiles(dir));
    }
}
