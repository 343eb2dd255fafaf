package xlsx

// The CRC-32 of joined pieces from the CRC-32s of the pieces: a streamed sheet's rows are
// checksummed as they are written, before the sheet's head and tail are known. CRC-32 is linear
// over GF(2): the checksum of A‖B is the checksum of A carried over len(B) zero bytes, combined
// with the checksum of B. Carrying over n zero bytes is multiplying by x^(8n) modulo the CRC
// polynomial, done by squaring.

const crcPoly = 0xedb88320 // the IEEE polynomial, bit-reversed (bit 31 is x^0)

// mulModP multiplies two polynomials modulo the CRC polynomial, in the bit-reversed form.
func mulModP(a, b uint32) uint32 {
	var p uint32
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// xPow8n is x^(8n) modulo the CRC polynomial.
func xPow8n(n int64) uint32 {
	p := uint32(1) << 31  // x^0
	sq := uint32(1) << 23 // x^8
	for n > 0 {
		if n&1 != 0 {
			p = mulModP(sq, p)
		}
		sq = mulModP(sq, sq)
		n >>= 1
	}
	return p
}

// crc32Combine is the CRC-32 (IEEE) of A‖B from crcA, crcB and the length of B.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	return mulModP(xPow8n(lenB), crcA) ^ crcB
}
