using System.Buffers;
using System.Globalization;
using System.Text;
using Vigil.Observability.Collection;

namespace Vigil.Observability.Exposition;

/// <summary>
/// Writes Prometheus text 0.0.4 or OpenMetrics 1.0 as UTF-8 into one buffer that is kept and reused between pages.
/// A family is its header (<see cref="Family"/>) followed by samples: <see cref="BeginSample"/>, any
/// <see cref="Label(string, string)"/>s, then <see cref="EndSample(double)"/>. Counters get <c>_total</c> on
/// their samples in both formats; their header names it in text 0.0.4 only, as each format expects.
/// </summary>
public sealed class MetricsWriter
{
    private byte[] _buffer;
    private int _length;
    // The current family's sample name as UTF-8 (with _total for counters): every sample starts with it.
    private byte[] _sampleName = new byte[64];
    private int _sampleNameLength;
    private MetricType _type;
    private bool _inLabels;

    public MetricsWriter(ExpositionFormat format, int initialCapacity = 64 * 1024)
    {
        Format = format;
        _buffer = new byte[Math.Max(initialCapacity, 256)];
    }

    public ExpositionFormat Format { get; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public int Length => _length;

    /// <summary>Empties the buffer for the next page; its capacity stays.</summary>
    public void Reset()
    {
        _length = 0;
        _sampleNameLength = 0;
        _inLabels = false;
    }

    /// <summary>Writes a family's HELP, TYPE and (OpenMetrics, for seconds and bytes) UNIT lines. <paramref name="name"/> has no <c>_total</c>.</summary>
    public void Family(string name, MetricType type, string help, string? unit = null)
    {
        _type = type;
        var sampleName = type == MetricType.Counter ? name + "_total" : name;
        var needed = Encoding.UTF8.GetByteCount(sampleName);
        if (needed > _sampleName.Length)
            _sampleName = new byte[needed * 2];
        _sampleNameLength = Encoding.UTF8.GetBytes(sampleName, _sampleName);
        var headerName = type == MetricType.Counter && Format == ExpositionFormat.PrometheusText ? name + "_total" : name;
        Ascii("# HELP ");
        Text(headerName);
        Byte((byte)' ');
        EscapedHelp(help);
        Ascii("\n# TYPE ");
        Text(headerName);
        Ascii(type switch { MetricType.Counter => " counter\n", MetricType.Histogram => " histogram\n", _ => " gauge\n" });
        if (unit is not null && Format == ExpositionFormat.OpenMetrics)
        {
            Ascii("# UNIT ");
            Text(name);
            Byte((byte)' ');
            Text(unit);
            Byte((byte)'\n');
        }
    }

    /// <summary>Starts a sample of the current family; <paramref name="suffix"/> is "_bucket", "_sum" or "_count" for histograms.</summary>
    public void BeginSample(string? suffix = null)
    {
        Ensure(_sampleNameLength);
        _sampleName.AsSpan(0, _sampleNameLength).CopyTo(_buffer.AsSpan(_length));
        _length += _sampleNameLength;
        if (suffix is not null && _type != MetricType.Counter)
            Ascii(suffix);
        _inLabels = false;
    }

    public void Label(string name, string value)
    {
        LabelStart(name);
        EscapedLabelValue(value);
        Byte((byte)'"');
    }

    public void Label(string name, Guid value)
    {
        LabelStart(name);
        Ensure(36);
        value.TryFormat(_buffer.AsSpan(_length), out var written, "D");
        _length += written;
        Byte((byte)'"');
    }

    /// <summary>A histogram's <c>le</c> label: "+Inf", or the bound (OpenMetrics wants "1.0" rather than "1").</summary>
    public void BucketLabel(double bound)
    {
        LabelStart("le");
        Number(bound, canonicalFloat: Format == ExpositionFormat.OpenMetrics);
        Byte((byte)'"');
    }

    public void EndSample(double value)
    {
        CloseLabels();
        Number(value, canonicalFloat: false);
        Byte((byte)'\n');
    }

    public void EndSample(long value)
    {
        CloseLabels();
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        Byte((byte)'\n');
    }

    /// <summary>Ends the page: OpenMetrics requires <c># EOF</c>.</summary>
    public void End()
    {
        if (Format == ExpositionFormat.OpenMetrics)
            Ascii("# EOF\n");
    }

    private void LabelStart(string name)
    {
        Byte(_inLabels ? (byte)',' : (byte)'{');
        _inLabels = true;
        Text(name);
        Ascii("=\"");
    }

    private void CloseLabels()
    {
        if (_inLabels)
            Byte((byte)'}');
        _inLabels = false;
        Byte((byte)' ');
    }

    private void Number(double value, bool canonicalFloat)
    {
        if (double.IsPositiveInfinity(value))
            Ascii("+Inf");
        else if (double.IsNegativeInfinity(value))
            Ascii("-Inf");
        else if (double.IsNaN(value))
            Ascii("NaN");
        else
        {
            Ensure(32);
            value.TryFormat(_buffer.AsSpan(_length), out var written, "R", CultureInfo.InvariantCulture);
            _length += written;
            if (canonicalFloat && double.IsInteger(value) && Math.Abs(value) < 1e15)
                Ascii(".0");
        }
    }

    private static readonly SearchValues<char> HelpSpecials = SearchValues.Create("\\\n");
    private static readonly SearchValues<char> QuotedSpecials = SearchValues.Create("\\\"\n");

    // HELP: backslash and line feed escaped in both formats; OpenMetrics also escapes the double quote.
    private void EscapedHelp(string help) => Escaped(help, Format == ExpositionFormat.OpenMetrics ? QuotedSpecials : HelpSpecials);

    private void EscapedLabelValue(string value) => Escaped(value, QuotedSpecials);

    private void Escaped(ReadOnlySpan<char> text, SearchValues<char> specials)
    {
        int at;
        while ((at = text.IndexOfAny(specials)) >= 0)
        {
            Text(text[..at]);
            Ascii(text[at] switch { '\\' => "\\\\", '"' => "\\\"", _ => "\\n" });
            text = text[(at + 1)..];
        }
        Text(text);
    }

    private void Text(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Ascii(string text)
    {
        Ensure(text.Length);
        var span = _buffer.AsSpan(_length);
        for (var i = 0; i < text.Length; i++)
            span[i] = (byte)text[i];
        _length += text.Length;
    }

    private void Byte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
            return;
        var grown = new byte[Math.Max(_buffer.Length * 2, _length + extra)];
        _buffer.AsSpan(0, _length).CopyTo(grown);
        _buffer = grown;
    }
}
