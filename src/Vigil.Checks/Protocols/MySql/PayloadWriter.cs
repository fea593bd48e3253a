using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Checks.Protocols.MySql;

/// <summary>Builds one packet payload from the protocol's basic types.</summary>
internal sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public PayloadWriter WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public PayloadWriter WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    public PayloadWriter WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public PayloadWriter WriteZeros(int count)
    {
        _buffer.GetSpan(count)[..count].Clear();
        _buffer.Advance(count);
        return this;
    }

    public PayloadWriter WriteString(string value)
    {
        Encoding.UTF8.GetBytes(value, _buffer);
        return this;
    }

    public PayloadWriter WriteNullTerminatedString(string value) => WriteString(value).WriteByte(0);

    public PayloadWriter WriteLengthEncodedInteger(ulong value)
    {
        switch (value)
        {
            case < 0xFB:
                return WriteByte((byte)value);
            case <= 0xFFFF:
                WriteByte(0xFC);
                BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), (ushort)value);
                _buffer.Advance(2);
                return this;
            case <= 0xFF_FFFF:
                WriteByte(0xFD).WriteByte((byte)value).WriteByte((byte)(value >> 8)).WriteByte((byte)(value >> 16));
                return this;
            default:
                WriteByte(0xFE);
                BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
                _buffer.Advance(8);
                return this;
        }
    }
}
