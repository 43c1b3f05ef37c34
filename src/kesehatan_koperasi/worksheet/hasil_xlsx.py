"""placeholder"""
def write_hasil_xlsx(hasil, path):
    raise NotImplementedError
