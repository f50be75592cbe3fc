package upload

import (
	"bytes"
	"encoding/binary"
)

// exifOrientation returns the EXIF orientation (1 to 8) of a JPEG, or 1 when
// it has none or it cannot be read. Phones store photos as the sensor saw
// them and record in this tag how to turn them; since Save drops the EXIF
// data, it must turn the pixels itself or the photo would show sideways.
func exifOrientation(jpg []byte) int {
	app1 := exifSegment(jpg)
	if app1 == nil {
		return 1
	}
	tiff := app1[len("Exif\x00\x00"):]
	if len(tiff) < 8 {
		return 1
	}
	var order binary.ByteOrder
	switch string(tiff[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return 1
	}
	ifd := int64(order.Uint32(tiff[4:8]))
	if ifd < 8 || ifd+2 > int64(len(tiff)) {
		return 1
	}
	n := int64(order.Uint16(tiff[ifd:]))
	for i := range n {
		e := ifd + 2 + 12*i
		if e+12 > int64(len(tiff)) {
			return 1
		}
		const tagOrientation, typeShort = 0x0112, 3
		if order.Uint16(tiff[e:]) != tagOrientation {
			continue
		}
		if order.Uint16(tiff[e+2:]) != typeShort || order.Uint32(tiff[e+4:]) != 1 {
			return 1
		}
		if o := int(order.Uint16(tiff[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}

// exifSegment returns the payload of a JPEG's EXIF APP1 segment, starting
// with "Exif\0\0", or nil. It walks the segments before the image data.
func exifSegment(jpg []byte) []byte {
	i := 2 // after SOI
	for i+4 <= len(jpg) {
		if jpg[i] != 0xFF {
			return nil
		}
		marker := jpg[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x01 || 0xD0 <= marker && marker <= 0xD7: // no payload
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // start of scan, end of image
			return nil
		}
		n := int(binary.BigEndian.Uint16(jpg[i+2:]))
		if n < 2 || i+2+n > len(jpg) {
			return nil
		}
		payload := jpg[i+4 : i+2+n]
		if marker == 0xE1 && bytes.HasPrefix(payload, []byte("Exif\x00\x00")) {
			return payload
		}
		i += 2 + n
	}
	return nil
}
