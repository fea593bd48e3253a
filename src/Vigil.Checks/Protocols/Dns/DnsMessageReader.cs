using System.Buffers.Binary;
using System.Text;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>
/// A cursor over a received message. Every read is bounds-checked and ends in <see cref="DnsProtocolException"/>
/// when the message is too short, so no reply, however broken, can make decoding throw anything else.
/// </summary>
internal ref struct DnsMessageReader(ReadOnlySpan<byte> message)
{
    private readonly ReadOnlySpan<byte> _message = message;

    public int Position { get; set; }

    public readonly int Length => _message.Length;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>
    /// Reads a name, following compression pointers (RFC 1035 4.1.4). Pointers must point backwards and the name may
    /// not pass 255 bytes: between them every pointer loop ends, since a cycle can only return forward over labels,
    /// and each label it passes adds to the length.
    /// </summary>
    public string ReadName()
    {
        var name = new StringBuilder();
        var position = Position;
        var continueAt = -1;
        var wireLength = 1;
        while (true)
        {
            var length = ByteAt(position);
            if (length == 0)
            {
                position++;
                break;
            }
            switch (length & 0xC0)
            {
                case 0xC0:
                    var target = ((length & 0x3F) << 8) | ByteAt(position + 1);
                    if (target >= position)
                        throw new DnsProtocolException($"name compression pointer at byte {position} does not point backwards");
                    if (continueAt < 0)
                        continueAt = position + 2;
                    position = target;
                    break;
                case 0:
                    wireLength += length + 1;
                    if (wireLength > DnsName.MaxWireLength)
                        throw new DnsProtocolException($"name at byte {Position} is longer than {DnsName.MaxWireLength} bytes (or its pointers loop)");
                    if (position + 1 + length > _message.Length)
                        throw Truncated(position);
                    if (name.Length > 0)
                        name.Append('.');
                    name.Append(Encoding.Latin1.GetString(_message.Slice(position + 1, length)));
                    position += length + 1;
                    break;
                default:
                    throw new DnsProtocolException($"reserved label type 0x{length & 0xC0:x2} at byte {position}");
            }
        }
        Position = continueAt >= 0 ? continueAt : position;
        return name.Length == 0 ? "." : name.ToString();
    }

    private readonly byte ByteAt(int position) =>
        position < _message.Length ? _message[position] : throw Truncated(position);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (Position + count > _message.Length)
            throw Truncated(Position);
        var bytes = _message.Slice(Position, count);
        Position += count;
        return bytes;
    }

    private readonly DnsProtocolException Truncated(int position) =>
        new($"reply ends early: {_message.Length} bytes, needed more at byte {position}");
}
