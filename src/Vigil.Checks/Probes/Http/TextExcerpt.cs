using System.Text;

namespace Vigil.Checks.Probes.Http;

/// <summary>Short, printable quotes of user text and received data for failure messages.</summary>
internal static class TextExcerpt
{
    public const int DefaultLength = 80;

    /// <summary>At most <paramref name="maxLength"/> characters, control characters escaped, "…" when cut.</summary>
    public static string Of(ReadOnlySpan<char> text, int maxLength = DefaultLength)
    {
        var builder = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        foreach (var c in text[..Math.Min(text.Length, maxLength)])
        {
            switch (c)
            {
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case < ' ' or '\x7f': builder.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: builder.Append(c); break;
            }
        }
        if (text.Length > maxLength)
            builder.Append('…');
        return builder.ToString();
    }
}
