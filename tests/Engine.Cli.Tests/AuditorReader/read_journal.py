#!/usr/bin/env python3
"""An auditor's independent reader of an engine journal, written from docs/JOURNAL-FORMAT.md alone.

Python standard library only. Reads every segment (plain or LZ4-archived) of a journal directory, checks each
segment header, each record's CRC32C and the continuity of sequences, and prints one JSON object per record:

    {"seq", "templateId", "name", "exchangeTime", "engineTime", "exchangeTimeIso", "engineTimeIso",
     "length", "crc32c", "sbeHeader": {"blockLength", "templateId", "schemaId", "version"}, "payload"}

Usage: read_journal.py JOURNAL_DIR [--schema engine-schema.xml]

Exit status 0 when the journal is sound (a torn tail is reported on stderr, not an error), 1 on damage.
"""

import datetime
import json
import os
import re
import struct
import sys
import xml.etree.ElementTree as ElementTree

SEGMENT_MAGIC = b"ENGJRNL\x00"
ARCHIVE_MAGIC = b"ENGJLZ4\x00"
SEGMENT_HEADER_LENGTH = 64
RECORD_HEADER_LENGTH = 40
END_OF_SEGMENT = -1
FILE_NAME = re.compile(r"^journal-(\d{20})\.seg(\.lz4)?$")


class JournalDamage(Exception):
    pass


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC_TABLE = _crc32c_table()


def crc32c_update(crc, data):
    table = CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc


def crc32c(data):
    return crc32c_update(0xFFFFFFFF, data) ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


def iso(nanoseconds):
    seconds, fraction = divmod(nanoseconds, 1_000_000_000)
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".%09dZ" % fraction


def align8(length):
    return (length + 7) & ~7


def lz4_block_decompress(source, size):
    """The LZ4 block format: sequences of a token, literals, a 2-byte match offset and a match length."""
    out = bytearray()
    i = 0
    end = len(source)
    while i < end:
        token = source[i]
        i += 1
        literals = token >> 4
        if literals == 15:
            while True:
                extra = source[i]
                i += 1
                literals += extra
                if extra != 255:
                    break
        out += source[i:i + literals]
        i += literals
        if i >= end:
            break
        offset = source[i] | (source[i + 1] << 8)
        i += 2
        match = token & 15
        if match == 15:
            while True:
                extra = source[i]
                i += 1
                match += extra
                if extra != 255:
                    break
        match += 4
        start = len(out) - offset
        if offset == 0 or start < 0:
            raise JournalDamage("LZ4 block: match offset %d outside the output" % offset)
        if offset >= match:
            out += out[start:start + match]
        else:
            for k in range(match):
                out.append(out[start + k])
    if len(out) != size:
        raise JournalDamage("LZ4 block decodes to %d bytes, the archive header says %d" % (len(out), size))
    return bytes(out)


def list_segments(directory):
    by_index = {}
    for name in os.listdir(directory):
        match = FILE_NAME.match(name)
        if not match:
            continue
        index = int(match.group(1))
        archived = match.group(2) is not None
        if index in by_index and not by_index[index][1]:
            continue  # both exist: the plain segment is the one to read
        by_index[index] = (os.path.join(directory, name), archived)
    indices = sorted(by_index)
    for previous, current in zip(indices, indices[1:]):
        if current != previous + 1:
            raise JournalDamage("segment %d is missing" % (previous + 1))
    return [(index,) + by_index[index] for index in indices]


def read_segment_bytes(path, archived):
    with open(path, "rb") as file:
        data = file.read()
    if not archived:
        return data, len(data)
    if len(data) < 64 or data[0:8] != ARCHIVE_MAGIC:
        raise JournalDamage("%s: not an archived segment" % path)
    version, header_length, size, content, compressed, _index, _base, content_crc, header_crc = struct.unpack_from("<iiqqqqqII", data, 8)
    if version != 1 or header_length != 64:
        raise JournalDamage("%s: archive version %d, header length %d" % (path, version, header_length))
    if crc32c(data[0:60]) != header_crc:
        raise JournalDamage("%s: archive header CRC32C mismatch" % path)
    if compressed != len(data) - 64 or content > size:
        raise JournalDamage("%s: archive header is inconsistent" % path)
    segment = lz4_block_decompress(data[64:], content)
    if crc32c(segment) != content_crc:
        raise JournalDamage("%s: archived content CRC32C mismatch" % path)
    return segment, size


def segment_header(path, data, file_length):
    if len(data) < SEGMENT_HEADER_LENGTH or data[0:8] != SEGMENT_MAGIC:
        raise JournalDamage("%s: not a journal segment (magic)" % path)
    version, header_length, schema_id, schema_version, index, base, size = struct.unpack_from("<iiiiqqq", data, 8)
    if version != 1:
        raise JournalDamage("%s: format version %d" % (path, version))
    stored = struct.unpack_from("<I", data, 56)[0]
    if crc32c(data[0:56]) != stored:
        raise JournalDamage("%s: segment header CRC32C mismatch" % path)
    if header_length != 64 or size < 4096 or size > 1 << 30 or size != file_length:
        raise JournalDamage("%s: inconsistent header (header length %d, size %d, file %d)" % (path, header_length, size, file_length))
    return {"schemaId": schema_id, "schemaVersion": schema_version, "index": index, "base": base, "size": size}


def record_is_valid(data, limit, offset, expected):
    """The record at offset: (status, length) with status 'valid', 'empty', 'end' or 'invalid'."""
    if limit - offset < 8:
        return "empty", 0
    length = struct.unpack_from("<i", data, offset)[0]
    if length == 0:
        return "empty", 0
    if length == END_OF_SEGMENT:
        return "end", 0
    if length < RECORD_HEADER_LENGTH or length > limit - offset:
        return "invalid", length
    stored_crc, sequence = struct.unpack_from("<Iq", data, offset + 4)
    crc = crc32c_update(0xFFFFFFFF, data[offset:offset + 4])
    crc = crc32c_update(crc, data[offset + 8:offset + length]) ^ 0xFFFFFFFF
    if crc != stored_crc or sequence < expected:
        return "invalid", length
    return ("valid" if sequence == expected else "later"), length


def any_valid_record_after(data, limit, offset, expected):
    position = align8(offset)
    while limit - position >= RECORD_HEADER_LENGTH:
        status, _ = record_is_valid(data, limit, position, expected)
        if status in ("valid", "later"):
            return position
        position += 8
    return None


def message_names(schema_path):
    names = {}
    if schema_path is None:
        return names
    for element in ElementTree.parse(schema_path).getroot().iter():
        if element.tag.endswith("}message") or element.tag == "message":
            names[int(element.get("id"))] = element.get("name")
    return names


def read_journal(directory, names, emit):
    expected = None
    segments = list_segments(directory)
    if not segments:
        raise JournalDamage("%s: no segments" % directory)
    for position, (index, path, archived) in enumerate(segments):
        is_last = position == len(segments) - 1
        data, size = read_segment_bytes(path, archived)
        header = segment_header(path, data, size if archived else len(data))
        if header["index"] != index:
            raise JournalDamage("%s: header says segment %d" % (path, header["index"]))
        if expected is not None and header["base"] != expected:
            raise JournalDamage("%s: base sequence %d, expected %d" % (path, header["base"], expected))
        expected = header["base"]
        limit = len(data)
        offset = SEGMENT_HEADER_LENGTH
        while True:
            status, length = record_is_valid(data, limit, offset, expected)
            if status == "valid":
                sequence, exchange, engine, template = struct.unpack_from("<qqqi", data, offset + 8)
                crc = struct.unpack_from("<I", data, offset + 4)[0]
                payload = data[offset + RECORD_HEADER_LENGTH:offset + length]
                block_length, sbe_template, schema_id, version = struct.unpack_from("<HHHH", payload, 0)
                emit({
                    "seq": sequence,
                    "templateId": template,
                    "name": names.get(template, "template-%d" % template),
                    "exchangeTime": exchange,
                    "engineTime": engine,
                    "exchangeTimeIso": iso(exchange) if exchange != 0 else None,
                    "engineTimeIso": iso(engine),
                    "length": len(payload),
                    "crc32c": "%08x" % crc,
                    "sbeHeader": {"blockLength": block_length, "templateId": sbe_template, "schemaId": schema_id, "version": version},
                    "payload": payload.hex(),
                })
                expected += 1
                offset += align8(length)
                continue
            if status == "end" or (status == "empty" and not is_last):
                break
            if status == "empty":
                return None
            later = any_valid_record_after(data, limit, offset + 8, expected)
            if later is None and is_last:
                return "torn tail: %s at offset %d (sequence %d)" % (path, offset, expected)
            raise JournalDamage("%s: bad record at offset %d (sequence %d)" % (path, offset, expected))
    return None


def main(arguments):
    schema = None
    if "--schema" in arguments:
        at = arguments.index("--schema")
        schema = arguments[at + 1]
        del arguments[at:at + 2]
    if len(arguments) != 1:
        sys.stderr.write(__doc__)
        return 2
    out = sys.stdout
    try:
        torn = read_journal(arguments[0], message_names(schema), lambda record: out.write(json.dumps(record, separators=(",", ":")) + "\n"))
    except JournalDamage as damage:
        sys.stderr.write("read_journal: damage: %s\n" % damage)
        return 1
    if torn is not None:
        sys.stderr.write("read_journal: %s\n" % torn)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
