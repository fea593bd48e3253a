namespace Vigil.Checks.Protocols.MySql;

/// <summary>
/// The protocol's framing: each packet is a 3-byte little-endian payload length, a 1-byte sequence id, then the
/// payload. The sequence id counts up across one exchange (a command and its replies) and restarts at 0 with the
/// next command. Payloads of 16 MB and more (split over several packets) are refused: a check never needs them.
/// </summary>
internal sealed class MySqlPacketStream(Stream stream)
{
    /// <summary>A payload this long means "continued in the next packet".</summary>
    public const int MaxPayloadLength = 0xFF_FFFF;

    private readonly Stream _stream = stream;
    private readonly byte[] _header = new byte[4];
    private readonly byte[] _writeHeader = new byte[4];
    private byte[] _payload = new byte[1024];
    private byte _sequence;

    /// <summary>Starts a new exchange; every command begins with sequence id 0.</summary>
    public void ResetSequence() => _sequence = 0;

    /// <summary>Reads the next packet. The returned memory is only valid until the next read.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadPacketAsync(CancellationToken cancellationToken)
    {
        await ReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false);
        var length = _header[0] | _header[1] << 8 | _header[2] << 16;
        if (_header[3] != _sequence)
            throw new MySqlProtocolException($"packet out of order: sequence id {_header[3]}, expected {_sequence}");
        if (length == MaxPayloadLength)
            throw new MySqlProtocolException("packet of 16 MB or more; Vigil does not read split packets");
        _sequence++;
        if (_payload.Length < length)
            _payload = new byte[Math.Max(length, _payload.Length * 2)];
        var payload = _payload.AsMemory(0, length);
        await ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return payload;
    }

    public async ValueTask WritePacketAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (payload.Length >= MaxPayloadLength)
            throw new ArgumentException("payload of 16 MB or more; Vigil does not write split packets", nameof(payload));
        _writeHeader[0] = (byte)payload.Length;
        _writeHeader[1] = (byte)(payload.Length >> 8);
        _writeHeader[2] = (byte)(payload.Length >> 16);
        _writeHeader[3] = _sequence++;
        await _stream.WriteAsync(_writeHeader, cancellationToken).ConfigureAwait(false);
        await _stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        // Stream.ReadExactlyAsync would throw EndOfStreamException too; the message here says who closed what.
        var read = await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < buffer.Length)
            throw new EndOfStreamException("the server closed the connection");
    }
}
