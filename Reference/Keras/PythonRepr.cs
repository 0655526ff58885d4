using System.Globalization;

namespace KerasVis.Reference.Keras;

/// <summary>Python's <c>repr</c> of a NumPy float32 scalar (NumPy 1.x): the shortest digits that round-trip, positional
/// for 1e-4 ≤ |x| &lt; 1e16, otherwise scientific with at least two exponent digits (<c>1e-05</c>, <c>8.4e-19</c>).</summary>
public static class PythonRepr
{
    public static string Float32(float x)
    {
        if (float.IsNaN(x)) return "nan";
        if (float.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return BitConverter.SingleToInt32Bits(x) < 0 ? "-0.0" : "0.0";
        // the shortest round-trip digits (.NET's "R" for float), re-laid out the NumPy way
        var (digits, exp) = Split(x.ToString("R", CultureInfo.InvariantCulture));
        double ax = Math.Abs((double)x);
        string sign = x < 0 ? "-" : "";
        if (ax >= 1e-4 && ax < 1e16)
        {
            // positional: digits with the decimal point at exp + 1
            int point = exp + 1;
            string s = point <= 0 ? "0." + new string('0', -point) + digits
                : digits.Length <= point ? digits + new string('0', point - digits.Length) + ".0"
                : digits[..point] + "." + digits[point..];
            return sign + s;
        }
        var mant = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        return $"{sign}{mant}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
    }

    /// <summary>"1.2345E-05" or "0.0012345" or "123.45" → significant digits "12345" and the decimal exponent of the first.</summary>
    static (string Digits, int Exp) Split(string s)
    {
        s = s.TrimStart('-');
        int e = 0;
        int ei = s.IndexOfAny(['E', 'e']);
        if (ei >= 0) { e = int.Parse(s[(ei + 1)..], CultureInfo.InvariantCulture); s = s[..ei]; }
        int dot = s.IndexOf('.');
        string intPart = dot >= 0 ? s[..dot] : s, frac = dot >= 0 ? s[(dot + 1)..] : "";
        string all = intPart + frac;
        int lead = all.TakeWhile(ch => ch == '0').Count();
        string digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int exp = intPart.Length - 1 - lead + e;
        return (digits, exp);
    }
}
