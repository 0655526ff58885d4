using System.Text;

namespace KerasVis.Fuzz;

/// <summary>libFuzzer-style byte mutations (no coverage feedback): flip a bit, set a byte to an interesting value,
/// insert or erase bytes, copy a chunk, splice another corpus entry, and for text, insert a token that parsers trip on
/// (quotes, brackets, "..", huge and negative numbers, a duplicated key). Deterministic for a seed.</summary>
public sealed class Mutator(int seed)
{
    readonly Random random = new(seed);
    static readonly byte[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)'\'', (byte)'"', (byte)',', (byte)'{', (byte)'}', (byte)'(', (byte)')', (byte)'\n'];
    static readonly string[] Tokens =
    [
        "\"", "{", "}", "[", "]", ",", ":", "..", "../", "/", "null", "true", "-1", "0", "1e309", "-1e309", "NaN", "9223372036854775808",
        "2147483647", "\"\"", "\"schema\": 1,", "\"name\": \"../x\",", "\"file\": \"outputs.json\",", "\"params\": {},", "'descr': '<f4', ",
        "'shape': (4294967296, 4294967296), ", "'fortran_order': True, ", "\\u0000", "\u00e9", "\"max_N\": \"8\",",
            "\"weights\": {\"kind\": \"npy\", \"dir\": \"/etc\"},",
    ];

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var b = new List<byte>(input);
        int rounds = 1 + random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            switch (random.Next(8))
            {
                case 0 when b.Count > 0: { int i = random.Next(b.Count); b[i] ^= (byte)(1 << random.Next(8)); break; }
                case 1 when b.Count > 0: b[random.Next(b.Count)] = Interesting[random.Next(Interesting.Length)]; break;
                case 2: b.InsertRange(random.Next(b.Count + 1), Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256))); break;
                case 3 when b.Count > 1: { int i = random.Next(b.Count), n = Math.Min(b.Count - i, 1 + random.Next(16)); b.RemoveRange(i, n); break; }
                case 4 when b.Count > 1:
                {
                    int i = random.Next(b.Count), n = Math.Min(b.Count - i, 1 + random.Next(32));
                    b.InsertRange(random.Next(b.Count + 1), b.GetRange(i, n));
                    break;
                }
                case 5 when corpus.Count > 0:
                {
                    var other = corpus[random.Next(corpus.Count)];
                    int cut = random.Next(b.Count + 1), from = random.Next(other.Length + 1);
                    b = [.. b.Take(cut), .. other.Skip(from)];
                    break;
                }
                case 6: b.InsertRange(random.Next(b.Count + 1), Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)])); break;
                case 7 when b.Count > 0:
                {
                    // rewrite a run of ASCII digits as a boundary number (shapes, lengths, indices)
                    int i = random.Next(b.Count);
                    while (i < b.Count && !char.IsAsciiDigit((char)b[i])) i++;
                    int j = i;
                    while (j < b.Count && char.IsAsciiDigit((char)b[j])) j++;
                    if (i < b.Count) { b.RemoveRange(i, j - i); b.InsertRange(i, Encoding.ASCII.GetBytes(new[] { "0", "65535", "2147483648",
                        "99999999999999999999" }[random.Next(4)])); }
                    break;
                }
            }
        }
        return [.. b];
    }
}
